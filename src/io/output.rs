//! Where output goes: one function for every file a command writes (`-o`, `--dot`, `--svg`,
//! `--plot`), and the check that an output is not one of the inputs.
//!
//! Conventions:
//! - `-` is standard output.
//! - A regular file (or a new path) is written atomically: the content goes to a temporary
//!   file next to the *resolved* target (symlinks followed), which is renamed over it only when
//!   the content was complete; the target's permission bits are kept. A symlink stays a
//!   symlink and its target gets the new content.
//! - A device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe) is opened and written
//!   directly: renaming a file over it would replace the device node.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// How many symlinks a path may traverse before it is refused (Linux's own limit is 40).
const MAX_SYMLINKS: usize = 40;

/// Whether `path` names standard output (`-`).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Writes the content `fill` produces to `path`, following the conventions of this module.
///
/// # Errors
/// [`Error::Io`] when the file cannot be written, or whatever `fill` returns. A failed write to
/// a regular file leaves the target untouched.
pub fn write_output<F>(path: &Path, fill: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    let io = |source| Error::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    if is_stdout(path) {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        fill(&mut out)?;
        return out.flush().map_err(io);
    }
    match fs::metadata(path) {
        // The kernel follows symlinks (and /proc/self/fd magic links) for us.
        Ok(m) if !m.is_file() && !m.is_dir() => {
            let f = fs::OpenOptions::new().write(true).open(path).map_err(io)?;
            let mut w = std::io::BufWriter::new(f);
            fill(&mut w)?;
            w.flush().map_err(io)
        }
        _ => {
            let target = resolve(path).map_err(io)?;
            super::write_atomic(&target, fill)
        }
    }
}

/// The file a path finally names, following symlinks, including a dangling one (whose target
/// will be created).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    if let Ok(p) = fs::canonicalize(path) {
        return Ok(p);
    }
    let mut p = path.to_path_buf();
    for _ in 0..MAX_SYMLINKS {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_SYMLINKS} symbolic links"
    )))
}

/// Whether two output paths would write the same file: the same existing file (see
/// [`same_file()`]), or, for files yet to be made, the same name in the same directory however
/// the paths spell it (`out.csv`, `./out.csv`, `sub/../out.csv`). `-` is nobody's twin.
pub fn same_output(a: &Path, b: &Path) -> bool {
    if is_stdout(a) || is_stdout(b) {
        return false;
    }
    same_file(a, b) || matches!((written_at(a), written_at(b)), (Some(x), Some(y)) if x == y)
}

/// The absolute path a write to `path` lands on: symlinks followed, and for a file yet to be
/// made, its directory made canonical.
fn written_at(path: &Path) -> Option<PathBuf> {
    let target = resolve(path).ok()?;
    if let Ok(c) = fs::canonicalize(&target) {
        return Some(c);
    }
    let name = target.file_name()?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(dir).ok()?.join(name))
}

/// Whether two paths name the same existing file (same device and inode; symlinks and hard
/// links included). A path that does not exist, or `-`, is nobody's twin.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if is_stdout(a) || is_stdout(b) {
        return false;
    }
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// The first pair (output, input) that name the same regular file, if any. Devices such as
/// `/dev/stdin` and `/dev/stdout` may coincide without harm and are not reported.
pub fn clash<'a>(outputs: &[&'a Path], inputs: &[&'a Path]) -> Option<(&'a Path, &'a Path)> {
    for &o in outputs {
        if !fs::metadata(o).is_ok_and(|m| m.is_file()) {
            continue;
        }
        for &i in inputs {
            if same_file(o, i) {
                return Some((o, i));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(text: &'static str) -> impl FnOnce(&mut dyn Write) -> Result<()> {
        move |w| {
            w.write_all(text.as_bytes()).map_err(|source| Error::Io {
                action: "write",
                path: PathBuf::from("t"),
                source,
            })
        }
    }

    #[test]
    fn a_regular_file_is_replaced_whole() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out.txt");
        fs::write(&p, "old").unwrap();
        write_output(&p, fill("new")).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
    }

    #[test]
    fn a_failed_fill_leaves_the_target_alone() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out.txt");
        fs::write(&p, "old").unwrap();
        let r = write_output(&p, |_| {
            Err(Error::Io {
                action: "write",
                path: PathBuf::from("x"),
                source: std::io::Error::other("boom"),
            })
        });
        assert!(r.is_err());
        assert_eq!(fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(
            fs::read_dir(d.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_symlink_and_its_target_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("real.txt");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let link = d.path().join("link.txt");
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write_output(&link, fill("new")).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_gets_its_target_created() {
        let d = tempfile::tempdir().unwrap();
        let link = d.path().join("link.txt");
        std::os::unix::fs::symlink("made.txt", &link).unwrap();
        write_output(&link, fill("x")).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(d.path().join("made.txt")).unwrap(), "x");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_directly_and_stays_a_device() {
        let p = Path::new("/dev/null");
        write_output(p, fill("discarded")).unwrap();
        assert!(!fs::metadata(p).unwrap().is_file());
    }

    #[cfg(unix)]
    #[test]
    fn a_full_device_reports_the_error() {
        let p = Path::new("/dev/full");
        if p.exists() {
            assert!(write_output(p, fill("x")).is_err());
        }
    }

    #[test]
    fn the_same_file_through_another_name_clashes() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("g.json");
        fs::write(&p, "{}").unwrap();
        let other = d.path().join(".").join("g.json");
        let new = d.path().join("new.json");
        assert!(clash(&[&other], &[&p]).is_some());
        assert!(clash(&[&new], &[&p]).is_none());
        assert!(clash(&[Path::new("-")], &[&p]).is_none());
    }

    #[test]
    fn two_spellings_of_a_file_yet_to_be_made_are_the_same_output() {
        let d = tempfile::tempdir().unwrap();
        fs::create_dir(d.path().join("sub")).unwrap();
        let a = d.path().join("out.csv");
        let b = d.path().join(".").join("out.csv");
        let c = d.path().join("sub").join("..").join("out.csv");
        assert!(!a.exists());
        assert!(same_output(&a, &b));
        assert!(same_output(&a, &c));
        assert!(!same_output(&a, &d.path().join("nodes.csv")));
        assert!(!same_output(Path::new("-"), Path::new("-")));
    }
}
