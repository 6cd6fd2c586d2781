//! Receipt codes as the reporter sees and types them: twenty digits (about 66 bits), shown in
//! groups of four so they are easy to read out and type, and read back in whatever digits and
//! separators a phone keyboard gives. How receipts are made and hashed (with the server's
//! secret) is the functions' business; this is the code itself.

use std::fmt;

/// Digits in a receipt.
pub const RECEIPT_DIGITS: usize = 20;
pub const RECEIPT_SPACE: u128 = 10u128.pow(RECEIPT_DIGITS as u32);
// 10^20 > 2^66: a receipt carries more than the 64 bits of randomness the product promises.
const _: () = assert!(RECEIPT_SPACE > 1u128 << 64);

/// What a person typed is not a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a receipt code is {RECEIPT_DIGITS} digits")]
pub struct NotAReceipt;

/// A receipt code. `Debug` hides the digits so a receipt cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Receipt(String);

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receipt(<hidden>)")
    }
}

/// Grouped in fours: `4821 0937 5521 8804 3316`.
impl fmt::Display for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.0.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            // Only ASCII digits are ever stored in a Receipt.
            f.write_str(std::str::from_utf8(chunk).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

impl Receipt {
    /// The receipt numbered `n` (taken modulo the number of receipts), for the functions,
    /// which make receipts from random or derived numbers.
    pub fn from_number(n: u128) -> Self {
        Self(format!("{:020}", n % RECEIPT_SPACE))
    }

    /// Reads a receipt as a person types it: spaces, dashes and other separators are
    /// ignored, and digits may be typed in any of the scripts a reporter's keyboard gives (an
    /// Urdu or Arabic keyboard types U+06F0–U+06F9 or U+0660–U+0669, a Japanese or Chinese
    /// one full-width digits); anything else must be exactly 20 digits.
    pub fn parse(input: &str) -> Result<Self, NotAReceipt> {
        let mut digits = String::with_capacity(RECEIPT_DIGITS);
        for c in input.chars() {
            match c {
                ' ' | '-' | '\u{2010}'..='\u{2015}' | '\t' | '\u{a0}' | '.' => {}
                // Right-to-left keyboards may add direction marks around the digits.
                '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2066}'..='\u{2069}' => {}
                c => digits.push(ascii_digit(c).ok_or(NotAReceipt)?),
            }
            if digits.len() > RECEIPT_DIGITS {
                return Err(NotAReceipt);
            }
        }
        if digits.len() == RECEIPT_DIGITS {
            Ok(Self(digits))
        } else {
            Err(NotAReceipt)
        }
    }

    /// The 20 digits without separators.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// The ASCII digit for a decimal digit of the scripts receipts are typed in.
fn ascii_digit(c: char) -> Option<char> {
    let zero = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}', // Arabic-Indic
        '\u{06f0}'..='\u{06f9}' => '\u{06f0}', // Extended Arabic-Indic (Urdu, Persian)
        '\u{ff10}'..='\u{ff19}' => '\u{ff10}', // full-width
        _ => return None,
    };
    char::from_digit(u32::from(c) - u32::from(zero), 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_keep_leading_zeros() {
        assert_eq!(
            Receipt::from_number(42).to_string(),
            "0000 0000 0000 0000 0042"
        );
    }

    #[test]
    fn parsing_tolerates_separators_and_other_scripts_digits() {
        let r = Receipt::parse("4821 0937-5521 8804 3316").unwrap();
        // Urdu (Extended Arabic-Indic), Arabic-Indic and full-width digits, with an RLM.
        let urdu = "۴۸۲۱ ۰۹۳۷ ۵۵۲۱ ۸۸۰۴ ۳۳۱۶";
        assert_eq!(Receipt::parse(urdu).unwrap(), r);
        assert_eq!(Receipt::parse("\u{200f}٤٨٢١٠٩٣٧٥٥٢١٨٨٠٤٣٣١٦").unwrap(), r);
        assert_eq!(
            Receipt::parse("４８２１０９３７５５２１８８０４３３１６").unwrap(),
            r
        );
        assert!(
            Receipt::parse("४८२१०९३७५५२१८८०४३३१६").is_err(),
            "Devanagari is not folded"
        );
        assert_eq!(r.digits(), "48210937552188043316");
        assert_eq!(Receipt::parse(" 48210937552188043316 ").unwrap(), r);
        assert_eq!(Receipt::parse("4821–0937–5521–8804–3316").unwrap(), r);
        assert!(Receipt::parse("4821 0937 5521 8804 331").is_err());
        assert!(Receipt::parse("4821 0937 5521 8804 33161").is_err());
        assert!(Receipt::parse("4821 0937 5521 8804 331x").is_err());
        assert!(Receipt::parse("").is_err());
    }
}
