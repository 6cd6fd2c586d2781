//! Scheduled and expiring pages appear and disappear with the clock.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "test code: a panic is a failing test and the harness captures output"
)]

mod common;

use common::{Build, Config, TempCampaign};
use time::macros::datetime;

#[test]
fn pages_appear_at_publish_at_and_leave_at_expires_at() {
    let campaign = TempCampaign::new(&Config::english());
    campaign.write("pages/_index.md", "---\ntitle: Home\n---\n");
    campaign.write(
        "pages/spring.md",
        "---\ntitle: Spring\npublish_at: 2027-03-01\nexpires_at: 2027-06-01T12:00:00Z\n---\n",
    );
    let out = campaign.out();

    campaign.build_at(datetime!(2027-02-28 23:59 UTC)).unwrap();
    assert!(!out.join("spring").exists(), "shown before publish_at");
    campaign.build_at(datetime!(2027-03-01 00:00 UTC)).unwrap();
    assert!(
        out.join("spring/index.html").is_file(),
        "not shown at publish_at"
    );
    campaign.build_at(datetime!(2027-06-01 12:00 UTC)).unwrap();
    assert!(!out.join("spring").exists(), "still shown at expires_at");
}

#[test]
fn a_time_without_a_zone_is_on_the_campaign_s_clocks_and_the_build_says_when_next() {
    let campaign = TempCampaign::new(&Config::english().time_zone("Europe/Warsaw"));
    campaign.write("pages/_index.md", "---\ntitle: Home\n---\n");
    campaign.write(
        "pages/launch.md",
        "---\ntitle: Launch\npublish_at: 2027-01-10 09:00\nexpires_at: 2027-02-01 18:30\n---\n",
    );
    campaign.write(
        "pages/draft.md",
        "---\ntitle: D\ndraft: true\npublish_at: 2027-01-02\n---\n",
    );
    let out = campaign.out();

    // 09:00 in Warsaw in winter is 08:00 UTC.
    let before = campaign.build_at(datetime!(2027-01-10 07:59 UTC)).unwrap();
    assert!(
        !out.join("launch").exists(),
        "shown before 09:00 Warsaw time"
    );
    let next = before.next_change.expect("a next change");
    assert!(next.page.ends_with("launch.md"), "{next:?}");
    assert_eq!(next.change, lookout_site::schedule::Change::Appears);
    assert_eq!(next.at, datetime!(2027-01-10 08:00 UTC));
    assert_eq!(next.wall, "2027-01-10 09:00 (Europe/Warsaw)");

    let live = campaign.build_at(datetime!(2027-01-10 08:00 UTC)).unwrap();
    assert!(
        out.join("launch/index.html").is_file(),
        "not shown at 09:00 Warsaw time"
    );
    let next = live.next_change.expect("the expiry");
    assert_eq!(next.change, lookout_site::schedule::Change::Expires);
    assert_eq!(next.wall, "2027-02-01 18:30 (Europe/Warsaw)");

    let after = campaign.build_at(datetime!(2027-02-01 17:30 UTC)).unwrap();
    assert!(!out.join("launch").exists(), "still shown at expires_at");
    assert_eq!(after.next_change, None, "the draft's date is no change");
}
