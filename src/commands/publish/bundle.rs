//! What publish needs of the functions' bundle (the contract is `lookout_bundle`): the built
//! one, held to its manifest, and the site's own files its page shells refer to, which must
//! stay in the bucket while the deployed functions answer with those shells.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context;
use lookout_bundle::Bundle;
use lookout_questionnaire::shell;

/// The bundle of the site built at `out`, exactly as the build listed it.
pub fn built(out: &Path) -> anyhow::Result<Bundle> {
    let dir = out.join(lookout_bundle::DIR);
    lookout_bundle::open(&dir).context("reading the functions' bundle")
}

/// The bucket keys the bundle's page shells refer to.
pub fn shell_assets(bundle: &Bundle) -> BTreeSet<String> {
    bundle
        .files()
        .filter(|(name, _)| shell::lang_of(name).is_some())
        .flat_map(|(_, bytes)| referenced_keys(&String::from_utf8_lossy(bytes)))
        .collect()
}

/// The bucket keys of the site's own files a page refers to (`href="/style.….css"`,
/// `src="/lookout.….js"`).
fn referenced_keys(html: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let value = &html[at + attribute.len()..];
            let Some(end) = value.find('"') else { continue };
            let value = &value[..end];
            let path = value.split(['?', '#']).next().unwrap_or_default();
            if let Some(key) = path.strip_prefix('/')
                && !key.starts_with('/')
                && !key.is_empty()
                && !key.ends_with('/')
            {
                keys.insert(key.to_string());
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shells_refer_to_their_own_assets_only() {
        let html = r#"<link rel="stylesheet" href="/style.5ad90b3f5b58c156.css"><script src="/lookout.7f566016412b3a34.js" defer></script><a href="/report/">x</a><a href="https://x.org/a.css">y</a><img src="//cdn/x.png"><img src="/images/logo.svg?v=1">"#;
        let keys: Vec<String> = referenced_keys(html).into_iter().collect();
        assert_eq!(
            keys,
            vec![
                "images/logo.svg",
                "lookout.7f566016412b3a34.js",
                "style.5ad90b3f5b58c156.css"
            ]
        );
    }
}
