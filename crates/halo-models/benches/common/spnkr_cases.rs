// The 14 payloads of SPNKr's reference script (`spnkr_decode.py`), endpoint directory / case, in
// its order. Shared by `benches/decode.rs` and `examples/decode_figures.rs` with `include!`.
[
    "Stats_GetMatchStats/slayer.json",
    "Stats_GetMatchStats/ctf.json",
    "Stats_GetMatchStats/elimination.json",
    "Stats_GetMatchStats/oddball.json",
    "Stats_GetMatchStats/stockpile.json",
    "Stats_GetMatchStats/zones.json",
    "Stats_GetMatchHistory/default.json",
    "Stats_GetPlayerServiceRecord/matchmade.json",
    "Skill_GetMatchResult/default.json",
    "HIUGC_Discovery_GetPlaylist/default.json",
    "HIUGC_Discovery_Search/default.json",
    "Economy_PlayerCustomization/public.json",
    "GameCms_GetMedalMetadata/default.json",
    "GameCms_GetCareerRewardTrack/default.json",
]
