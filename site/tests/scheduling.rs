//! Scheduled and expiring pages appear and disappear with the clock.

mod common;

use common::TempCampaign;
use time::macros::datetime;

#[test]
fn pages_appear_at_publish_at_and_leave_at_expires_at() {
    let campaign = TempCampaign::new(
        "base_url: https://t.example\nlanguages:\n  - {code: en, name: English, title: T}\n",
    );
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
