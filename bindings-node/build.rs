//! Link flags napi-rs needs for a Node.js addon (undefined `napi_*` symbols on macOS).

fn main() {
    napi_build::setup();
}
