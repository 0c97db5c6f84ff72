//! SARIF's `artifactLocation.uri` and GitHub's `file=` are paths inside the
//! repository, wherever archc runs from. The names archc shows are relative
//! to the working directory, so for those two formats they are re-rooted at
//! the repository: `$GITHUB_WORKSPACE` in GitHub Actions, else the nearest
//! directory upwards that holds a `.git`.

use std::path::{Path, PathBuf};

pub(super) struct Repository {
    root: PathBuf,
    /// The working directory, relative to `root`.
    cwd_inside: PathBuf,
}

impl Repository {
    /// The repository the working directory is in, if any.
    pub fn locate() -> Option<Repository> {
        let cwd = std::env::current_dir().and_then(std::fs::canonicalize).ok()?;
        let from_env = std::env::var_os("GITHUB_WORKSPACE")
            .and_then(|w| std::fs::canonicalize(w).ok())
            .filter(|w| cwd.starts_with(w));
        let root = from_env.or_else(|| cwd.ancestors().find(|d| d.join(".git").exists()).map(Path::to_path_buf))?;
        let cwd_inside = cwd.strip_prefix(&root).ok()?.to_path_buf();
        Some(Repository { root, cwd_inside })
    }

    /// `name` (relative to the working directory, or absolute) as a path
    /// inside the repository with `/` separators; unchanged when it lies
    /// outside.
    pub fn relative(&self, name: &str) -> String {
        let path = Path::new(name);
        let inside = if path.is_absolute() {
            path.strip_prefix(&self.root).ok().map(Path::to_path_buf)
        } else {
            // Lexically, as imports are resolved; a `..` left at the front climbed out.
            Some(crate::driver::normalize(&self.cwd_inside.join(path))).filter(|p| !p.starts_with(".."))
        };
        match inside {
            Some(p) if !p.as_os_str().is_empty() => super::inputs::display_path(&p),
            _ => name.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(cwd_inside: &str) -> Repository {
        Repository { root: PathBuf::from("/work/repo"), cwd_inside: PathBuf::from(cwd_inside) }
    }

    #[test]
    fn names_are_re_rooted_at_the_repository() {
        assert_eq!(repo("").relative("a/b.arch"), "a/b.arch");
        assert_eq!(repo("sub").relative("w.arch"), "sub/w.arch");
        assert_eq!(repo("sub/deep").relative("../y.arch"), "sub/y.arch");
        assert_eq!(repo("sub").relative("./x/../z.arch"), "sub/z.arch");
        assert_eq!(repo("sub").relative("/work/repo/sub/a.arch"), "sub/a.arch");
    }

    #[test]
    fn names_outside_the_repository_stay_as_they_were() {
        assert_eq!(repo("sub").relative("../../elsewhere.arch"), "../../elsewhere.arch");
        assert_eq!(repo("").relative("/tmp/x.arch"), "/tmp/x.arch");
    }
}
