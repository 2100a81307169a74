//! Small helpers shared by the XML formats (GraphML, GEXF): writing through quick-xml, whose
//! writer escapes attribute values and text, and places in messages.

use std::borrow::Cow;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// An indented XML writer into memory, with the declaration written.
pub(crate) struct Xml {
    w: Writer<Vec<u8>>,
}

/// Characters XML 1.0 cannot carry at all (not even as references) become U+FFFD.
pub(crate) fn xml_safe(s: &str) -> Cow<'_, str> {
    let ok = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    if s.chars().all(ok) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| if ok(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

impl Xml {
    pub(crate) fn new() -> Self {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .expect("write to memory");
        Xml { w }
    }

    fn tag<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            e.push_attribute((*k, xml_safe(v).as_ref()));
        }
        e
    }

    /// `<name attrs>`.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.w
            .write_event(Event::Start(Self::tag(name, attrs)))
            .expect("write to memory");
    }

    /// `<name attrs/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.w
            .write_event(Event::Empty(Self::tag(name, attrs)))
            .expect("write to memory");
    }

    /// `</name>`.
    pub(crate) fn close(&mut self, name: &str) {
        self.w
            .write_event(Event::End(BytesEnd::new(name)))
            .expect("write to memory");
    }

    /// `<name attrs>text</name>`.
    pub(crate) fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.w
            .write_event(Event::Start(Self::tag(name, attrs)))
            .expect("write to memory");
        self.w
            .write_event(Event::Text(BytesText::new(&xml_safe(text))))
            .expect("write to memory");
        self.close(name);
    }

    /// The document, with a final newline.
    pub(crate) fn finish(self) -> String {
        let mut s = String::from_utf8(self.w.into_inner()).expect("the writer writes UTF-8");
        s.push('\n');
        s
    }
}

/// `file:line:column` of a byte offset in `text`.
pub(crate) fn place(file: &str, text: &str, pos: u64) -> String {
    let pos = (pos as usize).min(text.len());
    let before = &text.as_bytes()[..pos];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let col = pos
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    format!("{file}:{line}:{col}")
}
