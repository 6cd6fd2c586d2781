//! Sealing with age (X25519 recipients, ASCII armour). The functions hold only the team's
//! public keys, so they can seal a report but never open one; the team opens reports with
//! its identity in the CLI, or with the standard tool: `age -d -i key.txt`.

use std::io::{Read, Write};
use std::str::FromStr;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::secrecy::ExposeSecret;
use age::x25519;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("no team recipient configured: give at least one age public key (age1...)")]
    NoRecipients,
    #[error("`{0}` is not an age X25519 public key (age1...)")]
    BadRecipient(String),
    #[error("line {0} of the identity file is not an age X25519 identity (AGE-SECRET-KEY-1...)")]
    BadIdentity(usize),
    #[error("the identity file holds no identity")]
    NoIdentities,
    #[error("encryption failed: {0}")]
    Encrypt(String),
    #[error("cannot open sealed data: {0}")]
    Decrypt(String),
    #[error("the reporter key cannot be opened")]
    ReporterKey,
}

/// Seals to the team's recipients, and to a reporter's recipient where the reporter must read.
#[derive(Clone)]
pub struct Sealer {
    team: Vec<x25519::Recipient>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sealer")
            .field("team", &self.recipients())
            .finish()
    }
}

/// Parses one `age1...` public key.
pub fn parse_recipient(text: &str) -> Result<x25519::Recipient, SealError> {
    x25519::Recipient::from_str(text.trim())
        .map_err(|_| SealError::BadRecipient(text.trim().to_string()))
}

impl Sealer {
    /// A sealer for the team's public keys (`age1...`); blank entries are skipped.
    pub fn new<S: AsRef<str>>(recipients: &[S]) -> Result<Self, SealError> {
        let team = recipients
            .iter()
            .map(AsRef::as_ref)
            .filter(|r| !r.trim().is_empty())
            .map(parse_recipient)
            .collect::<Result<Vec<_>, _>>()?;
        if team.is_empty() {
            return Err(SealError::NoRecipients);
        }
        Ok(Self { team })
    }

    /// The team's public keys, as given.
    pub fn recipients(&self) -> Vec<String> {
        self.team.iter().map(ToString::to_string).collect()
    }

    /// Seals to the team only (the report itself).
    pub fn seal(&self, plaintext: &[u8]) -> Result<String, SealError> {
        seal_to(self.team.iter(), plaintext)
    }

    /// Seals to the team and to a reporter's recipient (follow-up messages, either way).
    pub fn seal_with_reporter(
        &self,
        reporter_recipient: &str,
        plaintext: &[u8],
    ) -> Result<String, SealError> {
        let reporter = parse_recipient(reporter_recipient)?;
        seal_to(
            self.team.iter().chain(std::iter::once(&reporter)),
            plaintext,
        )
    }

    /// Opens sealed data with any of `identities` (the triage CLI, tests and the follow-up
    /// page with the reporter identity).
    pub fn open(identities: &[x25519::Identity], armored: &str) -> Result<Vec<u8>, SealError> {
        let decryptor = age::Decryptor::new_buffered(ArmoredReader::new(armored.as_bytes()))
            .map_err(|e| SealError::Decrypt(e.to_string()))?;
        let mut reader = decryptor
            .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
            .map_err(|e| SealError::Decrypt(e.to_string()))?;
        let mut plaintext = Vec::new();
        reader
            .read_to_end(&mut plaintext)
            .map_err(|e| SealError::Decrypt(e.to_string()))?;
        Ok(plaintext)
    }
}

fn seal_to<'a>(
    recipients: impl Iterator<Item = &'a x25519::Recipient>,
    plaintext: &[u8],
) -> Result<String, SealError> {
    let encryptor = age::Encryptor::with_recipients(recipients.map(|r| r as &dyn age::Recipient))
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    let mut out = Vec::with_capacity(plaintext.len() * 4 / 3 + 400);
    let encrypt = |out: &mut Vec<u8>| -> std::io::Result<()> {
        let armor = ArmoredWriter::wrap_output(out, Format::AsciiArmor)?;
        let mut writer = encryptor.wrap_output(armor)?;
        writer.write_all(plaintext)?;
        writer.finish()?.finish()?;
        Ok(())
    };
    encrypt(&mut out).map_err(|e| SealError::Encrypt(e.to_string()))?;
    String::from_utf8(out).map_err(|e| SealError::Encrypt(e.to_string()))
}

/// Reads an age identity file: `AGE-SECRET-KEY-1...` lines; `#` comments and blank lines
/// are skipped (the format `age-keygen` writes).
pub fn parse_identities(text: &str) -> Result<Vec<x25519::Identity>, SealError> {
    let mut identities = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        identities
            .push(x25519::Identity::from_str(line).map_err(|_| SealError::BadIdentity(i + 1))?);
    }
    if identities.is_empty() {
        return Err(SealError::NoIdentities);
    }
    Ok(identities)
}

/// A new team identity as an identity file (in `age-keygen`'s format) and its public key.
pub fn generate_identity_file() -> (String, String) {
    let identity = x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let file = format!(
        "# created: lookout\n# public key: {recipient}\n{}\n",
        identity.to_string().expose_secret()
    );
    (file, recipient)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_to_the_team_and_opens_with_the_identity() {
        let (file, recipient) = generate_identity_file();
        let identities = parse_identities(&file).unwrap();
        let sealer = Sealer::new(&[recipient.as_str()]).unwrap();
        let sealed = sealer.seal("a secret report".as_bytes()).unwrap();
        assert!(sealed.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
        assert!(!sealed.contains("secret report"));
        assert_eq!(
            Sealer::open(&identities, &sealed).unwrap(),
            b"a secret report"
        );
    }

    #[test]
    fn a_stranger_cannot_open() {
        let (_, recipient) = generate_identity_file();
        let (stranger, _) = generate_identity_file();
        let sealed = Sealer::new(&[recipient]).unwrap().seal(b"x").unwrap();
        assert!(Sealer::open(&parse_identities(&stranger).unwrap(), &sealed).is_err());
    }

    #[test]
    fn no_or_bad_recipients_are_refused() {
        assert!(matches!(
            Sealer::new::<&str>(&[]),
            Err(SealError::NoRecipients)
        ));
        assert!(matches!(Sealer::new(&[" "]), Err(SealError::NoRecipients)));
        assert!(matches!(
            Sealer::new(&["age1nope"]),
            Err(SealError::BadRecipient(_))
        ));
    }

    #[test]
    fn identity_files_report_the_bad_line() {
        assert!(matches!(
            parse_identities("# c\n\nAGE-SECRET-KEY-1XYZ\n"),
            Err(SealError::BadIdentity(3))
        ));
        assert!(matches!(
            parse_identities("# only a comment\n"),
            Err(SealError::NoIdentities)
        ));
    }
}
