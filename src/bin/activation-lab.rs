//! Native CLI: placeholder until the CLI lands.
fn main() {
    for n in activation_lab::activation::names() {
        println!("{n}");
    }
}
