//! The report API's settings for a local preview.

use std::path::Path;

use anyhow::Context;
use lookout_functions::config::{Config, HCaptchaSecret, Secret, env};
use lookout_questionnaire::shell;
use lookout_site::CampaignPaths;
use rand::RngCore;

use super::say;
use lookout::casework::identity;

/// The report API's settings for a local preview: the team's keys from
/// `LOOKOUT_TEAM_RECIPIENTS` or else a local identity, and a receipt secret kept in
/// `.lookout/` so receipts stay valid across restarts.
pub fn config(paths: &CampaignPaths, out: &Path) -> anyhow::Result<Config> {
    let recipients: Vec<String> = match std::env::var("LOOKOUT_TEAM_RECIPIENTS") {
        Ok(list) if !list.trim().is_empty() => {
            list.split(',').map(|r| r.trim().to_string()).collect()
        }
        _ => {
            let (recipient, made) = identity::local_recipient(&paths.root)?;
            let where_ = identity::local_path(&paths.root);
            let verb = if made {
                "made a local team identity"
            } else {
                "using the local team identity"
            };
            say(&format!(
                "{verb} at {} (reports are sealed to {recipient})",
                where_.display()
            ));
            vec![recipient]
        }
    };
    let secret = receipt_secret(&paths.state())?;
    let mut config = Config::local(
        paths.questionnaire(),
        Some(out.join(shell::DIR)),
        recipients,
        secret,
    );
    // Only a campaign that chose hCaptcha needs it; a local preview gives its secret (and a
    // stand-in verify URL) in the environment, never in the campaign's files.
    config.hcaptcha = std::env::var(env::HCAPTCHA_SECRET)
        .ok()
        .map(|secret| HCaptchaSecret {
            secret: Secret::Value(secret),
            verify_url: std::env::var(env::HCAPTCHA_VERIFY_URL).ok(),
        });
    Ok(config)
}

fn receipt_secret(state_dir: &Path) -> anyhow::Result<String> {
    let path = state_dir.join("receipt-secret");
    if let Ok(secret) = std::fs::read_to_string(&path) {
        return Ok(secret.trim().to_string());
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    std::fs::create_dir_all(state_dir)
        .with_context(|| format!("creating {}", state_dir.display()))?;
    identity::write_secret(&path, secret.as_bytes())?;
    Ok(secret)
}
