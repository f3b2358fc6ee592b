//! Names for what the stored matches refer to: each distinct map, mode and playlist without a
//! stored answer is looked up once, and the medal metadata once per database.

use bytes::Bytes;
use futures_util::{StreamExt, stream};
use halo_models::{AssetId, VersionId};

use crate::db::{Database, RawBody};
use crate::engine::Syncer;
use crate::error::Error;
use crate::materialize::{self, AssetKind};
use crate::progress::{NamesReport, Progress};
use crate::raw;

/// Asset lookups at once.
const CONCURRENCY: usize = 8;

impl Syncer {
    /// Looks up the names the database lacks. Fails only when the database cannot be
    /// written; lookups that fail are in the report and tried again next time.
    pub async fn sync_names(&self, progress: &dyn Progress) -> Result<NamesReport, Error> {
        let mut report = NamesReport::default();
        self.medal_names(&mut report).await?;
        let assets = self.blocking(Database::unnamed_assets).await?;
        let total = assets.len() as u64;
        progress.names(0, total);
        let client = self.client().clone();
        let mut answers = stream::iter(assets)
            .map(|(kind, asset, version)| {
                let client = client.clone();
                async move {
                    let answer = fetch(&client, kind, &asset, &version).await;
                    (kind, asset, version, answer)
                }
            })
            .buffer_unordered(CONCURRENCY);
        while let Some((kind, asset, version, answer)) = answers.next().await {
            report.looked_up += 1;
            progress.names(report.looked_up, total);
            let label = format!("{} {asset}", kind.as_str());
            match answer {
                Ok(Some(body)) => match materialize::asset_rows(kind, &asset, &version, &body) {
                    Ok(rows) => {
                        let blob = RawBody {
                            endpoint: kind.endpoint(),
                            blob: raw::compress(&body),
                        };
                        self.blocking(move |db| {
                            db.store_asset(kind, &asset, &version, &blob, Some(&rows))
                        })
                        .await?;
                        report.named += 1;
                    }
                    Err(e) => report.failed.push((label, e.to_string())),
                },
                Ok(None) => report.missing += 1,
                Err(reason) => report.failed.push((label, reason)),
            }
        }
        Ok(report)
    }

    /// The medal metadata, when the database lacks it.
    async fn medal_names(&self, report: &mut NamesReport) -> Result<(), Error> {
        if self.blocking(Database::has_medal_names).await? {
            return Ok(());
        }
        let body = match self.client().cms().medal_metadata().send_raw().await {
            Ok(response) => response.into_body(),
            Err(e) => {
                report.medals_error = Some(e.to_string());
                return Ok(());
            }
        };
        match materialize::medal_name_rows(&body) {
            Ok(rows) => {
                let blob = RawBody {
                    endpoint: crate::db::MEDALS_ENDPOINT,
                    blob: raw::compress(&body),
                };
                self.blocking(move |db| db.store_medal_names(&blob, &rows))
                    .await
            }
            Err(e) => {
                report.medals_error = Some(e.to_string());
                Ok(())
            }
        }
    }
}

/// One asset's answer: `None` on 404, the reason on any other failure.
async fn fetch(
    client: &halo_client::Client,
    kind: AssetKind,
    asset: &str,
    version: &str,
) -> Result<Option<Bytes>, String> {
    let (Ok(asset_id), Ok(version_id)) = (asset.parse::<AssetId>(), version.parse::<VersionId>())
    else {
        return Err(format!("`{asset}`/`{version}` are not asset ids"));
    };
    let ugc = client.ugc();
    let call = match kind {
        AssetKind::Map => ugc.map(asset_id, version_id).decode_as::<()>(),
        AssetKind::Mode => ugc.ugc_game_variant(asset_id, version_id).decode_as(),
        AssetKind::Playlist => ugc.playlist(asset_id, version_id).decode_as(),
    }
    .send_raw();
    match call.await {
        Ok(response) => Ok(Some(response.into_body())),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}
