//! A match's skill result (`Skill_GetMatchResult`) as rows of `csr_changes`.

use halo_models::{MatchId, MatchSkill, PreMatchCsr};

use super::TableRows;
use crate::schema::CSR_CHANGES;
use crate::store::SqlValue;

/// One row per player of the skill answer.
pub fn csr_rows(match_id: MatchId, skill: &MatchSkill) -> TableRows {
    let id = match_id.to_string();
    let mut rows = TableRows::new(&CSR_CHANGES);
    for player in &skill.value {
        let Some(xuid) = player.id.xuid() else {
            continue;
        };
        let result = &player.result;
        let recap = &result.rank_recap;
        let csr = |c: &PreMatchCsr| -> [SqlValue; 3] {
            [
                c.value.into(),
                c.tier.code().into(),
                c.sub_tier.code().into(),
            ]
        };
        let [pre, pre_tier, pre_sub] = csr(&recap.pre_match_csr);
        let [post, post_tier, post_sub] = csr(&recap.post_match_csr);
        rows.rows.push(vec![
            id.as_str().into(),
            i64::try_from(xuid.0).unwrap_or(i64::MAX).into(),
            player.result_code.code().into(),
            result.team_id.into(),
            result.team_mmr.into(),
            pre,
            pre_tier,
            pre_sub,
            post,
            post_tier,
            post_sub,
            recap.post_match_csr.measurement_matches_remaining.into(),
            result
                .stat_performances
                .as_ref()
                .map(|p| p.kills.expected)
                .into(),
            result
                .stat_performances
                .as_ref()
                .map(|p| p.deaths.expected)
                .into(),
        ]);
    }
    rows
}
