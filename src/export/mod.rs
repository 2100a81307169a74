//! Diagrams: DOT text built with graphviz-rust, SVG rendered by Graphviz `dot`.

pub mod dot;

pub use dot::{to_dot, to_svg, DotOptions, Overlay};
