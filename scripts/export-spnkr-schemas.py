"""Export SPNKr 0.10.2's pydantic models as JSON Schema, the second source of facts of
`cargo xtask codegen` (types, optionality, enums, and fields no capture shows, such as the stats
of game modes without a captured match).

Usage: python scripts/export-spnkr-schemas.py [OUT_DIR]
       (needs `pip install spnkr==0.10.2`; OUT_DIR defaults to crates/halo-models/captures/schemas)

Writes one `<EndpointId>.json` per endpoint below (the model's `model_json_schema()`, keys as
sent on the wire) and `index.json` (endpoint id -> SPNKr model), sorted, so a rerun with the
same SPNKr version changes nothing.
"""
import json
import pathlib
import sys

from importlib.metadata import version

from spnkr.models import discovery_ugc, economy, gamecms_hacs, skill, stats

ENDPOINTS = {
    "Stats_GetMatchStats": stats.MatchStats,
    "Stats_GetMatchHistory": stats.MatchHistory,
    "Stats_GetPlayerServiceRecord": stats.ServiceRecord,
    "Stats_GetMatchCount": stats.MatchCount,
    "Skill_GetMatchResult": skill.MatchSkill,
    "Skill_GetPlaylistCsr": skill.PlaylistCsr,
    "HIUGC_Discovery_GetPlaylist": discovery_ugc.Playlist,
    "HIUGC_Discovery_GetMap": discovery_ugc.Map,
    "HIUGC_Discovery_GetMapModePair": discovery_ugc.MapModePair,
    "HIUGC_Discovery_GetUgcGameVariant": discovery_ugc.UgcGameVariant,
    "HIUGC_Discovery_Search": discovery_ugc.AssetSearchPage,
    "HIUGC_Discovery_SpectateByMatchId": discovery_ugc.Film,
    "Economy_PlayerCustomization": economy.PlayerCustomization,
    "Economy_PlayerOperations": economy.PlayerOperationPasses,
    "Economy_GetRewardTrack": economy.PlayerCareerRank,
    "GameCms_GetMedalMetadata": gamecms_hacs.MedalMetadata,
    "GameCms_GetCsrSeasonCalendar": gamecms_hacs.CsrSeasonCalendar,
    "GameCms_GetSeasonCalendar": gamecms_hacs.SeasonCalendar,
    "GameCms_GetCareerRewardTrack": gamecms_hacs.CareerRewardTrack,
    "GameCms_GetOperationRewardTrack": gamecms_hacs.OperationRewardTrack,
}


def main():
    found = version("spnkr")
    if found != "0.10.2":
        sys.exit(f"SPNKr {found} found; the schemas are exported from 0.10.2")
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "crates/halo-models/captures/schemas")
    out.mkdir(parents=True, exist_ok=True)
    index = {}
    for endpoint, model in sorted(ENDPOINTS.items()):
        schema = model.model_json_schema(by_alias=True)
        text = json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (out / f"{endpoint}.json").write_text(text, encoding="utf-8")
        index[endpoint] = f"spnkr.models.{model.__module__.rsplit('.', 1)[-1]}.{model.__name__}"
    (out / "index.json").write_text(
        json.dumps({"spnkr": found, "endpoints": index}, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"{len(index)} schemas written to {out}")


main()
