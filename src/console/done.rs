//! What a case form did, said on the page it redirects to. The redirect carries a code from a
//! fixed list, never a label's or answer's text: the address goes into the browser's history.

use lookout_functions::store::cases::Status;

/// The code for the page's address after a form.
pub enum Done {
    Reply(u32),
    Status(Status),
    LabelAdded,
    LabelRemoved,
    Note,
    Hold,
    Released,
    Evidence,
}

impl Done {
    pub fn code(&self) -> String {
        match self {
            Done::Reply(seq) => format!("reply-{seq}"),
            Done::Status(status) => format!("status-{}", status.id()),
            Done::LabelAdded => "label-added".into(),
            Done::LabelRemoved => "label-removed".into(),
            Done::Note => "note".into(),
            Done::Hold => "hold".into(),
            Done::Released => "released".into(),
            Done::Evidence => "evidence".into(),
        }
    }
}

/// The sentence for a code, or nothing for one this console did not make.
pub fn message(code: &str) -> Option<String> {
    if let Some(seq) = code.strip_prefix("reply-") {
        let seq: u32 = seq.parse().ok()?;
        return Some(format!(
            "Reply #{seq} sent: the reporter reads it on the follow-up page."
        ));
    }
    if let Some(id) = code.strip_prefix("status-") {
        return Status::from_id(id).map(|s| format!("Status set to {}.", s.label()));
    }
    let text = match code {
        "label-added" => "Label added.",
        "label-removed" => "Label removed.",
        "note" => "Note added, sealed to the team.",
        "hold" => "Evidence hold placed: kept until released, at most until the day shown below.",
        "released" => "Hold released.",
        "evidence" => {
            "Evidence file written to the evidence folder, readable by you only; its SHA-256 is in the case history."
        }
        _ => return None,
    };
    Some(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_sentence_and_others_none() {
        for done in [
            Done::Reply(3),
            Done::Status(Status::ALL[0]),
            Done::LabelAdded,
            Done::LabelRemoved,
            Done::Note,
            Done::Hold,
            Done::Released,
            Done::Evidence,
        ] {
            assert!(message(&done.code()).is_some(), "{}", done.code());
        }
        assert_eq!(message("Label \u{201c}AB12 CDE\u{201d} added."), None);
    }
}
