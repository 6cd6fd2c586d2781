//! `keys`: the public keys the deployed functions seal reports to, read from each function's
//! configuration (`LOOKOUT_TEAM_RECIPIENTS`), against the keys the team holds. A key nobody on
//! the team holds would read every later report: it is flagged, and the command fails.
//! (`AWS_ENDPOINT_URL_LAMBDA` points it at another Lambda endpoint, as the tests do.)

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, bail};
use lookout_functions::config::env;

use super::Args;
use crate::commands::out::say;
use lookout::casework::identity::fingerprint;

#[derive(clap::Args, Debug)]
pub struct KeysArgs {
    /// A deployed function's name or ARN; may be repeated (default: LOOKOUT_FUNCTIONS, comma
    /// separated; the stack's functions are listed by `aws cloudformation
    /// describe-stack-resources`).
    #[arg(
        long = "function",
        env = "LOOKOUT_FUNCTIONS",
        value_delimiter = ',',
        required = true,
        value_name = "NAME"
    )]
    functions: Vec<String>,
}

pub async fn keys(args: &KeysArgs, all: &Args, root: &Path) -> anyhow::Result<()> {
    let mut held: BTreeSet<String> = all
        .team
        .team_recipients
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    let identity_path = all.identity.path(root);
    if all.identity.identity.is_some() || identity_path.exists() {
        for identity in all.identity.load(root)? {
            held.insert(identity.to_public().to_string());
        }
    }
    if held.is_empty() {
        bail!(
            "no team keys to compare with: give --team-recipients age1...,age1... (or \
             LOOKOUT_TEAM_RECIPIENTS) or --identity FILE"
        );
    }
    let config = crate::commands::aws::config(None).await?;
    let lambda = aws_sdk_lambda::Client::new(&config);
    let mut strangers = 0;
    for function in &args.functions {
        let out = lambda
            .get_function_configuration()
            .function_name(function)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("{}", aws_sdk_lambda::error::DisplayErrorContext(&e)))
            .with_context(|| format!("reading the configuration of function {function}"))?;
        let recipients: Vec<String> = out
            .environment()
            .and_then(|e| e.variables())
            .and_then(|v| v.get(env::TEAM_RECIPIENTS))
            .map(|list| {
                list.split(',')
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        say!(
            "{} seals reports to {} key{}:",
            out.function_name().unwrap_or(function),
            recipients.len(),
            if recipients.len() == 1 { "" } else { "s" }
        );
        for recipient in &recipients {
            let mark = if held.contains(recipient) {
                "held by the team"
            } else {
                strangers += 1;
                "NOT HELD BY THE TEAM"
            };
            say!("  {recipient}  ({})  {mark}", fingerprint(recipient));
        }
        for missing in held.iter().filter(|h| !recipients.contains(h)) {
            say!(
                "  (the team's key {missing} is not among them: reports from now on are not sealed to it)"
            );
        }
    }
    if strangers > 0 {
        bail!(
            "{strangers} key{} the team does not hold: whoever holds {} can read every report \
             sealed from now on; check the stack's TeamRecipients parameter",
            if strangers == 1 {
                " is one"
            } else {
                "s are ones"
            },
            if strangers == 1 { "it" } else { "them" }
        );
    }
    Ok(())
}
