//! The team's tools as a library: casework on decrypted reports, the triage console's pages
//! and router, and the figures (tables, hot spots, map, disclosure control) that the console,
//! the problem profile and public statistics share. The `lookout` binary (src/main.rs,
//! src/commands) parses arguments and calls these; tests call them in process.

pub mod casework;
pub mod console;
pub mod figures;
