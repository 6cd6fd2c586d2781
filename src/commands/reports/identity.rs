//! The team's age identity. `lookout serve` with no key configured makes a local one in the
//! campaign's `.lookout/`, so the whole product runs on one machine; a real team keeps its
//! identity off the server and passes `--identity`.

use std::fs;
use std::path::{Path, PathBuf};

use age::x25519::Identity;
use anyhow::Context;
use lookout_functions::seal::{generate_identity_file, parse_identities};
use lookout_site::CampaignPaths;

pub fn local_path(root: &Path) -> PathBuf {
    CampaignPaths::new(root).state().join("team-identity.txt")
}

/// Writes a new identity file (readable by its owner only) and returns its public key.
pub fn write_new(path: &Path) -> anyhow::Result<String> {
    if path.exists() {
        anyhow::bail!("{} already exists; not overwriting a key", path.display());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let (file, recipient) = generate_identity_file();
    write_secret(path, &file)?;
    Ok(recipient)
}

/// Creates a file only its owner can read, failing if it exists (never overwrites a key).
pub fn write_secret(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

/// The public key of the campaign's local identity, making the identity first if needed.
/// Returns the key and whether it was just made.
pub fn local_recipient(root: &Path) -> anyhow::Result<(String, bool)> {
    let path = local_path(root);
    if !path.exists() {
        return Ok((write_new(&path)?, true));
    }
    let identities = read(&path)?;
    let first = identities
        .first()
        .context("the local identity file is empty")?;
    Ok((first.to_public().to_string(), false))
}

pub fn load(given: Option<&Path>, root: &Path) -> anyhow::Result<Vec<Identity>> {
    let path = given
        .map(Path::to_path_buf)
        .unwrap_or_else(|| local_path(root));
    read(&path)
}

fn read(path: &Path) -> anyhow::Result<Vec<Identity>> {
    let text = fs::read_to_string(path).with_context(|| {
        format!(
            "reading the team identity {} (make one with `lookout reports keygen`)",
            path.display()
        )
    })?;
    parse_identities(&text).with_context(|| format!("reading {}", path.display()))
}
