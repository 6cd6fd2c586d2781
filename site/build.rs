// The default theme is embedded with include_dir, which cannot tell cargo about new files on
// stable Rust; this makes any change under theme/ rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=theme");
}
