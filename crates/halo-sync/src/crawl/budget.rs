//! A per-account request budget kept in PostgreSQL: every worker signed in with the same
//! account takes each request from one counter per second (the server's clock), so N workers
//! on one account stay within the account's limit together.

use std::time::Duration;

use crate::error::Error;
use crate::store::{SqlValue, Tx, query_all};

/// Takes one request from `account`'s budget of `rate` per second. `Ok(None)`: taken;
/// `Ok(Some(wait))`: this second's budget is spent, try again after `wait`.
pub fn take(tx: &mut dyn Tx, account: &str, rate: u32) -> Result<Option<Duration>, Error> {
    tx.execute(
        "INSERT INTO crawl_accounts (account, rate) VALUES ($1, $2) \
         ON CONFLICT (account) DO UPDATE SET rate = excluded.rate",
        &[account.into(), i64::from(rate).into()],
    )?;
    let taken = tx.execute(
        "UPDATE crawl_accounts SET \
         used = CASE WHEN second = s.now_s THEN used + 1 ELSE 1 END, \
         second = s.now_s, requests = requests + 1 \
         FROM (SELECT floor(extract(epoch FROM clock_timestamp()))::bigint AS now_s) s \
         WHERE account = $1 AND (second <> s.now_s OR used < $2)",
        &[account.into(), i64::from(rate).into()],
    )?;
    if taken == 1 {
        return Ok(None);
    }
    let rows = query_all(
        tx,
        "SELECT 1000 - ((extract(epoch FROM clock_timestamp()) * 1000)::bigint % 1000)",
        &[],
    )?;
    let ms = rows
        .first()
        .and_then(|r| r.first())
        .and_then(SqlValue::as_i64)
        .unwrap_or(50)
        .clamp(1, 1000);
    Ok(Some(Duration::from_millis(u64::try_from(ms).unwrap_or(50))))
}
