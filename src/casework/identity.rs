//! The team's age identity. `lookout serve` with no key configured makes a local one in the
//! campaign's `.lookout/`, so the whole product runs on one machine; a real team keeps its
//! identity off the server and passes `--identity`. An identity file may be protected with a
//! passphrase (age's scrypt encryption, as `age -p` writes it): the passphrase is asked for at
//! the terminal, or read from the file descriptor `--passphrase-fd` names, for scripts.
//!
//! Every change the team makes to a case is signed with the fingerprint of the member's key
//! ([`fingerprint`]): not a signature, but the record of whose key was in use.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use age::x25519::Identity;
use anyhow::{Context, bail};
use lookout_functions::seal::{generate_identity_file, parse_identities};
use lookout_site::CampaignPaths;
use sha2::{Digest, Sha256};

/// How the team identity is found and unlocked.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct IdentityArgs {
    /// The team's age identity file; default: the campaign's local one in `.lookout/`.
    #[arg(long, global = true, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// Read the passphrase of a protected identity file from this file descriptor (its first
    /// line), instead of asking at the terminal; 0 is standard input (the one way on Windows).
    #[arg(long, global = true, value_name = "N")]
    pub passphrase_fd: Option<u32>,
}

pub fn local_path(root: &Path) -> PathBuf {
    CampaignPaths::new(root).state().join("team-identity.txt")
}

/// The fingerprint of a team key: the first 8 bytes of the SHA-256 of its public key, in hex
/// groups of four (`3f2a 91bc 0d4e 77a1`).
pub fn fingerprint(recipient: &str) -> String {
    let digest = Sha256::digest(recipient.trim().as_bytes());
    digest[..8]
        .chunks(2)
        .map(hex::encode)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes a new identity file (readable by its owner only), protected with a passphrase when
/// one is given, and returns its public key.
pub fn write_new(path: &Path, passphrase: Option<SecretString>) -> anyhow::Result<String> {
    if path.exists() {
        bail!("{} already exists; not overwriting a key", path.display());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let (file, recipient) = generate_identity_file();
    let bytes = match passphrase {
        Some(passphrase) => protect(file.as_bytes(), passphrase)?,
        None => file.into_bytes(),
    };
    write_secret(path, &bytes)?;
    Ok(recipient)
}

fn protect(plaintext: &[u8], passphrase: SecretString) -> anyhow::Result<Vec<u8>> {
    let encryptor = age::Encryptor::with_user_passphrase(passphrase);
    let mut out = Vec::new();
    let armored = age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)?;
    let mut writer = encryptor.wrap_output(armored)?;
    writer.write_all(plaintext)?;
    writer.finish()?.finish()?;
    Ok(out)
}

/// Creates a file only its owner can read, failing if it exists (never overwrites a key).
pub fn write_secret(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))
}

/// The public key of the campaign's local identity, making the identity first if needed.
/// Returns the key and whether it was just made.
pub fn local_recipient(root: &Path) -> anyhow::Result<(String, bool)> {
    let path = local_path(root);
    if !path.exists() {
        return Ok((write_new(&path, None)?, true));
    }
    let identities = read(&path, &IdentityArgs::default())?;
    let first = identities
        .first()
        .context("the local identity file is empty")?;
    Ok((first.to_public().to_string(), false))
}

impl IdentityArgs {
    pub fn path(&self, root: &Path) -> PathBuf {
        self.identity.clone().unwrap_or_else(|| local_path(root))
    }

    pub fn load(&self, root: &Path) -> anyhow::Result<Vec<Identity>> {
        read(&self.path(root), self)
    }

    /// A passphrase: from the descriptor if one is named, else asked at the terminal.
    pub fn passphrase(&self, prompt: &str) -> anyhow::Result<SecretString> {
        let text = match self.passphrase_fd {
            Some(fd) => read_descriptor(fd)?,
            None => rpassword::prompt_password(prompt).context(
                "asking for the passphrase at the terminal (no terminal? give --passphrase-fd N)",
            )?,
        };
        if text.is_empty() {
            bail!("the passphrase is empty");
        }
        Ok(SecretString::from(text))
    }

    /// A new passphrase, asked twice at the terminal (once from a descriptor).
    pub fn new_passphrase(&self) -> anyhow::Result<SecretString> {
        use age::secrecy::ExposeSecret;
        let first = self.passphrase("New passphrase for the identity file: ")?;
        if self.passphrase_fd.is_none() {
            let again = self.passphrase("The same passphrase again: ")?;
            if again.expose_secret() != first.expose_secret() {
                bail!("the two passphrases differ; nothing was written");
            }
        }
        Ok(first)
    }
}

fn is_protected(bytes: &[u8]) -> bool {
    bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
        || bytes.starts_with(b"age-encryption.org/")
}

/// The first line readable from descriptor `fd`. Descriptor 0 is standard input everywhere
/// (on Windows: `Get-Content pass.txt | lookout.exe ... --passphrase-fd 0`); another number
/// is opened as `/dev/fd/N`, which Windows does not have, so there it is a clear error.
fn read_descriptor(fd: u32) -> anyhow::Result<String> {
    let mut text = String::new();
    let read = if fd == 0 {
        std::io::stdin().lock().read_to_string(&mut text)
    } else if cfg!(unix) {
        fs::File::open(format!("/dev/fd/{fd}")).and_then(|mut f| f.read_to_string(&mut text))
    } else {
        bail!(
            "--passphrase-fd {fd}: this system has no numbered descriptors to read; pipe the passphrase to standard input and give --passphrase-fd 0"
        );
    };
    read.with_context(|| format!("reading the passphrase from file descriptor {fd}"))?;
    Ok(text.lines().next().unwrap_or_default().to_string())
}

fn read(path: &Path, how: &IdentityArgs) -> anyhow::Result<Vec<Identity>> {
    let bytes = fs::read(path).with_context(|| {
        format!(
            "reading the team identity {} (make one with `lookout reports keygen`)",
            path.display()
        )
    })?;
    let text = if is_protected(&bytes) {
        let passphrase = how.passphrase(&format!("Passphrase for {}: ", path.display()))?;
        unlock(&bytes, passphrase).with_context(|| format!("unlocking {}", path.display()))?
    } else {
        String::from_utf8(bytes).with_context(|| format!("{} is not text", path.display()))?
    };
    parse_identities(&text).with_context(|| format!("reading {}", path.display()))
}

fn unlock(bytes: &[u8], passphrase: SecretString) -> anyhow::Result<String> {
    let reader = age::armor::ArmoredReader::new(bytes);
    let decryptor = age::Decryptor::new(reader).context("not an age file")?;
    if !decryptor.is_scrypt() {
        bail!("the file is encrypted to a key, not to a passphrase");
    }
    let identity = age::scrypt::Identity::new(passphrase);
    let mut plaintext = String::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                anyhow::anyhow!("wrong passphrase")
            }
            other => anyhow::anyhow!("{other}"),
        })?
        .read_to_string(&mut plaintext)
        .context("the unlocked identity is not text")?;
    Ok(plaintext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_protected_file_opens_only_with_its_passphrase() {
        let (file, recipient) = generate_identity_file();
        let locked = protect(
            file.as_bytes(),
            SecretString::from("correct horse".to_string()),
        )
        .unwrap();
        assert!(is_protected(&locked));
        assert!(!String::from_utf8_lossy(&locked).contains("AGE-SECRET-KEY"));
        let text = unlock(&locked, SecretString::from("correct horse".to_string())).unwrap();
        let identities = parse_identities(&text).unwrap();
        assert_eq!(identities[0].to_public().to_string(), recipient);
        let wrong = unlock(&locked, SecretString::from("battery staple".to_string()));
        assert_eq!(wrong.unwrap_err().to_string(), "wrong passphrase");
    }

    #[test]
    fn fingerprints_are_short_and_stable() {
        let f = fingerprint("age1abc");
        assert_eq!(f.len(), 19);
        assert_eq!(f, fingerprint(" age1abc\n"));
        assert_ne!(f, fingerprint("age1abd"));
    }
}
