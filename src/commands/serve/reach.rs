//! Who can reach the preview: a plain warning when it listens beyond this computer (the
//! report form then takes reports from anyone who can reach it), and `--open`.

use std::net::SocketAddr;

use super::{complain, say};

/// Warns when the preview listens on another address than this computer's own loopback one.
pub fn warn_if_shared(address: SocketAddr, base_url: Option<&str>) {
    let ip = address.ip();
    if ip == std::net::Ipv4Addr::LOCALHOST || ip == std::net::Ipv6Addr::LOCALHOST {
        return;
    }
    complain(&format!(
        "warning: listening on {ip}: anyone who can reach this address can open the preview and send reports through its form, into this computer's local store. Stop it (Ctrl+C) when you have finished looking."
    ));
    if base_url.is_none() {
        complain(&format!(
            "note: the posters' QR codes still point at the campaign's own address; to scan them with the phone, add --base-url http://<this computer's address>:{}",
            address.port()
        ));
    }
}

/// Opens the preview in the default browser; a failure is said, not fatal.
pub fn open_browser(address: SocketAddr) {
    let shown = if address.ip().is_unspecified() {
        SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), address.port())
    } else {
        address
    };
    let url = format!("http://{shown}/");
    match open::that_detached(&url) {
        Ok(()) => say(&format!("opened {url} in the browser")),
        Err(error) => complain(&format!(
            "warning: could not open a browser at {url}: {error}"
        )),
    }
}
