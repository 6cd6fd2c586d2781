//! The triage team's figures, from the readable answers only: when a concern was seen (a week,
//! a month or "earlier"), counts by area, trade and sign over a period, weekly and monthly
//! trends, cross-tabulations, hot spots with a stated test, statistical disclosure control for
//! figures that leave the team, and the area map drawn as SVG from the campaign's
//! `areas.geojson`. Nothing here reads sealed text or talks to a store: the CLI hands in
//! [`Fact`]s.

pub mod disclosure;
pub mod facts;
pub mod hotspots;
pub mod map;
pub mod period;
pub mod tables;

pub use facts::{Fact, Roles};
pub use period::Week;
