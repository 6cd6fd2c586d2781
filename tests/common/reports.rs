//! Campaigns whose embedded store already holds reports, for the triage tests.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use lookout_functions::report::{ReportId, ReporterKey, StoredReport};
use lookout_functions::seal::{Sealer, generate_identity_file};
use lookout_functions::store::embedded::EmbeddedStore;
use lookout_functions::store::{NewReport, ReceiptHash, ReportStore};

use super::{TempCampaign, lookout, standard_campaign};

pub const SECRET_TEXT: &str = "A girl in school uniform was taken to a flat above the kebab shop";

pub fn run(root: &Path, args: &[&str]) -> Output {
    let mut all = vec!["reports", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    lookout(&all)
}

/// A campaign whose embedded store holds `reports` (received on, area, seen week), sealed to
/// the campaign's local team identity. In every four, the first was stored before the spam
/// check existed (verified unknown), the next two without a solved challenge, the last with
/// one; reports with the same area and week have the same answers' fingerprint.
pub fn campaign_with(reports: &[(&str, &str, &str)]) -> TempCampaign {
    campaign_with_texts(reports, &[])
}

/// As [`campaign_with`], the `i`th report's free text being `texts[i]` where given.
pub fn campaign_with_texts(reports: &[(&str, &str, &str)], texts: &[&str]) -> TempCampaign {
    let campaign = standard_campaign();
    let state = campaign.root().join(".lookout");
    std::fs::create_dir_all(&state).unwrap();
    let (identity, recipient) = generate_identity_file();
    std::fs::write(state.join("team-identity.txt"), identity).unwrap();
    let sealer = Sealer::new(std::slice::from_ref(&recipient)).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = EmbeddedStore::open(state.join("reports.redb")).unwrap();
        for (i, (received, area, week)) in reports.iter().enumerate() {
            let sealed = sealer
                .seal(
                    serde_json::json!({"what_happened": texts.get(i).copied().unwrap_or(SECRET_TEXT), "vehicle_or_room": "Room 12"})
                        .to_string()
                        .as_bytes(),
                )
                .unwrap();
            let report = StoredReport {
                id: ReportId(format!("{i:032x}")),
                received_on: received.to_string(),
                expires_at: time::OffsetDateTime::now_utc().unix_timestamp() + 86_400 * 365,
                readable: BTreeMap::from([
                    ("reporter".into(), vec!["taxi-driver".into()]),
                    ("area".into(), vec![area.to_string()]),
                    ("seen_on".into(), vec![week.to_string()]),
                    ("indicators".into(), vec!["taxi-odd-hours".into()]),
                ]),
                sealed,
                reporter_key: ReporterKey {
                    recipient: recipient.clone(),
                    wrapped_identity: "unused".into(),
                },
                message_count: 0,
                verified: [None, Some(false), Some(false), Some(true)][i % 4],
                fingerprint: Some(format!("{area} {week}")),
            };
            store
                .insert_report(NewReport {
                    report,
                    receipt_hash: ReceiptHash(format!("receipt-{i}")),
                    challenge: None,
                })
                .await
                .unwrap();
        }
    });
    campaign
}
