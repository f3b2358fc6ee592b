//! The typed builders build the URLs the service expects, and report invalid input at
//! execution, not at construction.

use halo_models::{AssetId, MatchId, VersionId, Xuid};

use crate::{BaseUrl, Client, ErrorKind, PlayerRef};

fn client() -> Client {
    Client::builder()
        .base_url(BaseUrl::with_root("http://127.0.0.1:9"))
        .build()
        .unwrap()
}

const ROOT: &str = "http://127.0.0.1:9";
const XUID: Xuid = Xuid(2535405290989773);

fn match_id() -> MatchId {
    "ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5".parse().unwrap()
}

#[test]
fn stats_urls() {
    let client = client();
    let stats = client.stats();
    assert_eq!(
        stats.match_stats(match_id()).url().unwrap(),
        format!(
            "{ROOT}/halostats.svc.halowaypoint.com/hi/matches/ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5/stats"
        )
    );
    let player: PlayerRef = "Some Gamer".parse().unwrap();
    assert_eq!(
        stats
            .match_history(&player)
            .start(50)
            .count(10)
            .call()
            .url()
            .unwrap(),
        format!(
            "{ROOT}/halostats.svc.halowaypoint.com/hi/players/Some%20Gamer/matches?start=50&count=10&type=all"
        )
    );
    assert_eq!(
        stats
            .match_history(XUID)
            .kind(crate::endpoints::MatchType::Custom)
            .call()
            .url()
            .unwrap(),
        format!(
            "{ROOT}/halostats.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/matches?start=0&count=25&type=custom"
        )
    );
    assert_eq!(
        stats.match_count(XUID).url().unwrap(),
        format!(
            "{ROOT}/halostats.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/matches/count"
        )
    );
    assert_eq!(
        stats
            .service_record(XUID)
            .season("Seasons/Season6.json")
            .game_variant_category(6)
            .ranked(true)
            .call()
            .url()
            .unwrap(),
        format!(
            "{ROOT}/halostats.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/matchmade/servicerecord?seasonid=Seasons%2FSeason6.json&gamevariantcategory=6&isranked=true"
        )
    );
    assert_eq!(
        stats.challenge_decks(XUID).url().unwrap(),
        format!("{ROOT}/halostats.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/decks")
    );
}

#[test]
fn invalid_input_surfaces_at_execution() {
    let client = client();
    // Setters never fail; the call carries the problem.
    let history = client.stats().match_history(XUID).count(26).call();
    assert_eq!(
        history.request().problems(),
        ["count must be 1 to 25, not 26"]
    );
    let error = history.url().unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Build { .. }));
    assert_eq!(error.endpoint(), Some("Stats_GetMatchHistory"));
    let record = client.stats().service_record(XUID).ranked(true).playlist(
        "edfef3ac-9cbe-4fa2-b949-8f29deafd483"
            .parse::<AssetId>()
            .unwrap(),
    );
    assert!(record.filters_problem().is_some());
    let custom = client
        .stats()
        .service_record(XUID)
        .lifecycle(crate::endpoints::Lifecycle::Custom)
        .season("Seasons/Season6.json");
    assert_eq!(
        custom.filters_problem().as_deref(),
        Some("custom service records take no filters")
    );
    assert!(client.skill().match_result(match_id(), []).url().is_err());
    assert!(client.ugc().search().count(0).call().url().is_err());
    assert!(client.profile().users([]).url().is_err());
}

#[test]
fn skill_ugc_economy_cms_profile_urls() {
    let client = client();
    assert_eq!(
        client
            .skill()
            .match_result(match_id(), [XUID, Xuid(2)])
            .url()
            .unwrap(),
        format!(
            "{ROOT}/skill.svc.halowaypoint.com/hi/matches/ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5/skill?players=xuid(2535405290989773)&players=xuid(2)"
        )
    );
    let playlist: AssetId = "edfef3ac-9cbe-4fa2-b949-8f29deafd483".parse().unwrap();
    assert_eq!(
        client
            .skill()
            .playlist_csr(playlist, [XUID], Some("Csr/Seasons/CsrSeason5-1.json"))
            .url()
            .unwrap(),
        format!(
            "{ROOT}/skill.svc.halowaypoint.com/hi/playlist/edfef3ac-9cbe-4fa2-b949-8f29deafd483/csrs?players=xuid(2535405290989773)&season=CsrSeason5-1"
        )
    );
    let version: VersionId = "0a8b6b5c-8c67-4b3f-9d1e-2f0f5e3a4b6c".parse().unwrap();
    assert_eq!(
        client
            .ugc()
            .map(playlist, version)
            .accept_language("de-DE")
            .url()
            .unwrap(),
        format!(
            "{ROOT}/discovery-infiniteugc.svc.halowaypoint.com/hi/maps/edfef3ac-9cbe-4fa2-b949-8f29deafd483/versions/0a8b6b5c-8c67-4b3f-9d1e-2f0f5e3a4b6c"
        )
    );
    assert_eq!(
        client
            .ugc()
            .search()
            .term("arena")
            .count(5)
            .tag("4v4")
            .call()
            .url()
            .unwrap(),
        format!(
            "{ROOT}/discovery-infiniteugc.svc.halowaypoint.com/hi/search?count=5&term=arena&tags=4v4"
        )
    );
    assert_eq!(
        client.ugc().spectate(match_id()).url().unwrap(),
        format!(
            "{ROOT}/discovery-infiniteugc.svc.halowaypoint.com/hi/films/matches/ba8b8c5f-6f7a-4b43-a5c0-7c5a2d6fd3a5/spectate"
        )
    );
    assert_eq!(
        client
            .ugc()
            .film_chunk(
                "https://blobs-infiniteugc.svc.halowaypoint.com/ugcstorage/film/abc/",
                "filmChunk0"
            )
            .url()
            .unwrap(),
        format!("{ROOT}/blobs-infiniteugc.svc.halowaypoint.com/ugcstorage/film/abc/filmChunk0")
    );
    assert_eq!(
        client.economy().player_operations(XUID).url().unwrap(),
        format!(
            "{ROOT}/economy.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/rewardtracks/operations"
        )
    );
    assert_eq!(
        client.economy().career_rank(XUID).url().unwrap(),
        format!(
            "{ROOT}/economy.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/rewardtracks/careerranks/careerrank1"
        )
    );
    assert_eq!(
        client.economy().player_customization(XUID).url().unwrap(),
        format!(
            "{ROOT}/economy.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/customization?view=public"
        )
    );
    assert_eq!(
        client.cms().medal_metadata().url().unwrap(),
        format!("{ROOT}/gamecms-hacs.svc.halowaypoint.com/hi/Waypoint/file/medals/metadata.json")
    );
    assert_eq!(
        client.cms().csr_season_calendar().url().unwrap(),
        format!(
            "{ROOT}/gamecms-hacs.svc.halowaypoint.com/hi/Progression/file/Csr/Calendars/CsrSeasonCalendar.json"
        )
    );
    assert_eq!(
        client.cms().season_calendar().url().unwrap(),
        format!(
            "{ROOT}/gamecms-hacs.svc.halowaypoint.com/hi/progression/file/calendars/seasons/seasoncalendar.json"
        )
    );
    assert_eq!(
        client.cms().career_reward_track().url().unwrap(),
        format!(
            "{ROOT}/gamecms-hacs.svc.halowaypoint.com/hi/Progression/file/RewardTracks/CareerRanks/careerRank1.json"
        )
    );
    assert_eq!(
        client
            .cms()
            .image("progression/Ranks/rank1.png")
            .url()
            .unwrap(),
        format!(
            "{ROOT}/gamecms-hacs.svc.halowaypoint.com/hi/images/file/progression/Ranks/rank1.png"
        )
    );
    assert_eq!(
        client.profile().me().url().unwrap(),
        format!("{ROOT}/profile.svc.halowaypoint.com/users/me")
    );
    assert_eq!(
        client
            .profile()
            .user("Some Gamer".parse::<PlayerRef>().unwrap())
            .url()
            .unwrap(),
        format!("{ROOT}/profile.svc.halowaypoint.com/users/gt(Some%20Gamer)")
    );
    assert_eq!(
        client.profile().users([XUID, Xuid(7)]).url().unwrap(),
        format!("{ROOT}/profile.svc.halowaypoint.com/users?xuids=2535405290989773&xuids=7")
    );
}

#[test]
fn typed_search_options_and_the_private_customization_view() {
    let client = client();
    let from: halo_models::Timestamp = "2024-03-01T00:00:00Z".parse().unwrap();
    assert_eq!(
        client
            .ugc()
            .search()
            .asset_kind(crate::SearchAssetKind::Map)
            .sort(crate::SearchSort::PlaysRecent, crate::SortOrder::Descending)
            .author(XUID)
            .min_rating(4.0)
            .published(Some(from), None)
            .call()
            .url()
            .unwrap(),
        format!(
            "{ROOT}/discovery-infiniteugc.svc.halowaypoint.com/hi/search?sort=PlaysRecent&order=Desc&assetKind=Map&author=xuid(2535405290989773)&averageRatingMin=4&fromDatePublishedUtc=2024-03-01T00:00:00Z"
        )
    );
    assert_eq!(
        client
            .economy()
            .customization(XUID, crate::CustomizationView::Private)
            .url()
            .unwrap(),
        format!(
            "{ROOT}/economy.svc.halowaypoint.com/hi/players/xuid(2535405290989773)/customization?view=private"
        )
    );
}
