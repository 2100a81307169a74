//! Bounded input: what the loaders read and how much of it.
//!
//! - regular files are read as they are (their size is known);
//! - character and block devices and sockets are refused before anything is read
//!   (`/dev/zero` would never end; a terminal would wait for typing);
//! - pipes and standard input (`-`) are read up to [`MAX_STREAM_BYTES`];
//! - a CSV line is at most [`MAX_LINE_BYTES`] long (a reader that counts each line's bytes).
//!
//! `docs/format.md` ("Limits") documents them.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};

/// The path that means standard input.
pub const STDIN_PATH: &str = "-";

/// Name of standard input in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Most bytes read from a pipe or standard input (1 GiB).
pub const MAX_STREAM_BYTES: u64 = 1 << 30;

/// Longest CSV line, in bytes (1 MiB).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Whether `path` means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN_PATH
}

/// The name of `path` in messages.
pub fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

fn read_error(path: &Path, source: io::Error) -> Error {
    Error::Io {
        action: "read",
        path: PathBuf::from(display_name(path)),
        source,
    }
}

fn refused(name: &str, message: String, hint: &str) -> Error {
    Error::InvalidInput {
        file: name.to_string(),
        problems: vec![Problem::new(name, message, Some(hint.into()))],
    }
}

/// An opened input and whether its size is known (a regular file).
pub(crate) struct Input {
    pub(crate) reader: Box<dyn Read>,
    pub(crate) regular: bool,
}

/// Opens `path` (`-`: standard input), refusing what cannot be bounded.
///
/// # Errors
/// [`Error::Io`] when it cannot be opened; [`Error::InvalidInput`] for a device or a socket.
pub(crate) fn open(path: &Path) -> Result<Input> {
    let name = display_name(path);
    let file = if is_stdin(path) {
        stdin_file().map_err(|e| read_error(path, e))?
    } else {
        File::open(path).map_err(|e| read_error(path, e))?
    };
    let kind = file
        .metadata()
        .map_err(|e| read_error(path, e))?
        .file_type();
    if kind.is_dir() {
        return Err(refused(
            &name,
            "is a directory".into(),
            "give a graph file (`.json`, `.csv` or `.graphml`)",
        ));
    }
    if let Some(what) = special_kind(kind) {
        return Err(refused(
            &name,
            format!("is a {what}, which shockgraph does not read (it may never end)"),
            "give a regular file, a pipe or standard input redirected from a file \
             (`--graph - < graph.json`)",
        ));
    }
    Ok(Input {
        reader: Box::new(file),
        regular: kind.is_file(),
    })
}

/// Standard input as a file, to ask what it is (a duplicate of the descriptor).
#[cfg(unix)]
fn stdin_file() -> io::Result<File> {
    use std::os::fd::AsFd;
    Ok(File::from(io::stdin().as_fd().try_clone_to_owned()?))
}

#[cfg(windows)]
fn stdin_file() -> io::Result<File> {
    use std::os::windows::io::AsHandle;
    Ok(File::from(io::stdin().as_handle().try_clone_to_owned()?))
}

#[cfg(unix)]
fn special_kind(kind: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_char_device() {
        Some("character device")
    } else if kind.is_block_device() {
        Some("block device")
    } else if kind.is_socket() {
        Some("socket")
    } else {
        None
    }
}

#[cfg(not(unix))]
fn special_kind(kind: std::fs::FileType) -> Option<&'static str> {
    (!kind.is_file() && !kind.is_dir()).then_some("special file")
}

/// Reads all of `path` (`-`: standard input): a regular file whole, a pipe up to
/// [`MAX_STREAM_BYTES`].
///
/// # Errors
/// [`open`]'s; [`Error::InvalidInput`] past the cap.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    read_all(path, open(path)?)
}

/// Reads all of `input` (opened from `path`), capped when it is not a regular file.
pub(crate) fn read_all(path: &Path, input: Input) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if input.regular {
        let mut r = input.reader;
        r.read_to_end(&mut bytes).map_err(|e| read_error(path, e))?;
        return Ok(bytes);
    }
    input
        .reader
        .take(MAX_STREAM_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(path, e))?;
    if bytes.len() as u64 > MAX_STREAM_BYTES {
        return Err(refused(
            &display_name(path),
            format!("more than {MAX_STREAM_BYTES} bytes (1 GiB) from a pipe or standard input"),
            "save the graph to a file and give its path",
        ));
    }
    Ok(bytes)
}

/// Standard input with its first byte that is not white space (`None` when there is none),
/// the bytes read to find it put back in front.
///
/// # Errors
/// [`open`]'s.
pub(crate) fn sniff_stdin() -> Result<(Option<u8>, Input)> {
    let path = Path::new(STDIN_PATH);
    let mut input = open(path)?;
    let mut head = Vec::new();
    let mut chunk = [0u8; 8192];
    let first = loop {
        let n = input
            .reader
            .read(&mut chunk)
            .map_err(|e| read_error(path, e))?;
        head.extend_from_slice(&chunk[..n]);
        // A leading byte order mark is skipped as the readers skip it.
        let body = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head);
        if let Some(b) = body.iter().find(|b| !b.is_ascii_whitespace()) {
            break Some(*b);
        }
        if n == 0 || head.len() > MAX_LINE_BYTES {
            break None;
        }
    };
    let reader = Box::new(io::Cursor::new(head).chain(input.reader));
    Ok((
        first,
        Input {
            reader,
            regular: input.regular,
        },
    ))
}

/// [`read_bytes`] as UTF-8 text.
///
/// # Errors
/// [`read_bytes`]'s; [`Error::Io`] when the bytes are not UTF-8.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    utf8(path, read_bytes(path)?)
}

/// `bytes` read from `path` as text.
///
/// # Errors
/// [`Error::Io`] when they are not UTF-8.
pub(crate) fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        read_error(
            path,
            io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()),
        )
    })
}

/// The error of a CSV line longer than [`MAX_LINE_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineTooLong {
    /// The line (1-based).
    pub line: u64,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the line is longer than {MAX_LINE_BYTES} bytes (1 MiB), the limit of a CSV line"
        )
    }
}

impl std::error::Error for LineTooLong {}

impl LineTooLong {
    /// The hint shown with it.
    pub const HINT: &'static str =
        "a CSV line holds one node or edge: check that this is a CSV file with line ends";

    /// The error inside `e`, if `e` is one.
    pub fn of(e: &io::Error) -> Option<LineTooLong> {
        e.get_ref()?.downcast_ref::<LineTooLong>().copied()
    }
}

/// A reader that fails with [`LineTooLong`] once a line passes [`MAX_LINE_BYTES`].
pub(crate) struct LineCap<R> {
    inner: R,
    /// Line number of the current line (1-based).
    line: u64,
    /// Bytes of the current line read so far.
    len: usize,
    max: usize,
}

impl<R: Read> LineCap<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self::with_max(inner, MAX_LINE_BYTES)
    }

    fn with_max(inner: R, max: usize) -> Self {
        LineCap {
            inner,
            line: 1,
            len: 0,
            max,
        }
    }
}

impl<R: Read> Read for LineCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // At most `max` bytes a call: a line inside one call is then never too long, only the
        // first (which continues the current line) and the last can be.
        let want = buf.len().min(self.max);
        let n = self.inner.read(&mut buf[..want])?;
        let got = &buf[..n];
        let too_long = |line| io::Error::new(io::ErrorKind::InvalidData, LineTooLong { line });
        match memchr::memchr(b'\n', got) {
            None => {
                self.len += n;
                if self.len > self.max {
                    return Err(too_long(self.line));
                }
            }
            Some(first) => {
                if self.len + first > self.max {
                    return Err(too_long(self.line));
                }
                let last = memchr::memrchr(b'\n', got).unwrap_or(first);
                self.line += memchr::memchr_iter(b'\n', got).count() as u64;
                self.len = n - last - 1;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8], max: usize) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        LineCap::with_max(text, max).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn lines_up_to_the_cap_pass() {
        let text = b"abcd\nefgh\nij";
        assert_eq!(read_all(text, 4).unwrap(), text);
    }

    #[test]
    fn a_longer_line_fails_with_its_number() {
        for (text, line) in [
            (&b"abcd\nefghi\nj"[..], 2),
            (b"abcde", 1),
            (b"ab\ncd\nef\nghijklmnop", 4),
        ] {
            let e = read_all(text, 4).unwrap_err();
            assert_eq!(LineTooLong::of(&e), Some(LineTooLong { line }), "{text:?}");
        }
    }
}
