//! Output a person reads in a terminal. `say!` and `note!` write a line to standard output and
//! standard error and ignore a failed write, so a closed pipe (`lookout reports stats | head`)
//! ends the output quietly instead of panicking as `println!` does.

macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

pub(crate) use {note, say};
