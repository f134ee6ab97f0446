//! `keygen`: an RSA key pair for local development and tests. Without
//! `--force` both files are created exclusively (O_EXCL), so nothing existing
//! is overwritten and no symbolic link is followed; the private key is
//! created with mode 0600, so it is never readable by others, not even briefly.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use aws_lc_rs::encoding::AsDer as _;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use serde_json::json;
use zeroize::Zeroizing;

use crate::output::{Failure, Report};

/// The key sizes offered: the console's 2048, and the two larger common ones.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Bits {
    #[value(name = "2048")]
    B2048,
    #[value(name = "3072")]
    B3072,
    #[value(name = "4096")]
    B4096,
}

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the private key (PKCS#8 PEM, mode 0600).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Where to write the public key (SPKI PEM), the one to upload to the console.
    #[arg(long, value_name = "FILE")]
    public_out: PathBuf,
    /// Key size in bits.
    #[arg(long, value_enum, default_value_t = Bits::B2048)]
    bits: Bits,
    /// Overwrite existing files, following symbolic links.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<Report, Failure> {
    for path in [&args.out, &args.public_out] {
        if let (false, Ok(meta)) = (args.force, std::fs::symlink_metadata(path)) {
            let why = if meta.file_type().is_symlink() {
                "is a symbolic link; pass --force to write through it"
            } else {
                "exists; pass --force to overwrite it"
            };
            return Err(Failure::usage("USAGE", format!("{} {why}", path.display())));
        }
    }
    if identity(&args.out) == identity(&args.public_out) {
        let message = format!("--out and --public-out name the same file ({})", args.out.display());
        return Err(Failure::usage("USAGE", message));
    }
    let (size, bits) = match args.bits {
        Bits::B2048 => (KeySize::Rsa2048, 2048),
        Bits::B3072 => (KeySize::Rsa3072, 3072),
        Bits::B4096 => (KeySize::Rsa4096, 4096),
    };
    let failed = || Failure::failed("KEYGEN_FAILED", "aws-lc could not generate or encode the key");
    let pair = KeyPair::generate(size).map_err(|_| failed())?;
    let (Ok(private_der), Ok(public_der)) = (pair.as_der(), pair.public_key().as_der()) else {
        return Err(failed());
    };
    let lf = pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF);
    let private_pem = Zeroizing::new(pem::encode_config(&pem::Pem::new("PRIVATE KEY", private_der.as_ref()), lf));
    let public_pem = pem::encode_config(&pem::Pem::new("PUBLIC KEY", public_der.as_ref()), lf);
    let cannot = |e: std::io::Error| Failure::usage("USAGE", format!("cannot write the key files: {e}"));
    write(&args.out, &private_pem, true, args.force).map_err(cannot)?;
    if let Err(e) = write(&args.public_out, &public_pem, false, args.force) {
        if !args.force {
            // Ours alone: created a moment ago, exclusively.
            let _ = std::fs::remove_file(&args.out);
        }
        return Err(cannot(e));
    }
    Ok(Report {
        text: format!(
            "wrote {} (private, mode 0600) and {} (public; upload it to the Engagespot console)",
            args.out.display(),
            args.public_out.display()
        ),
        json: json!({"private_key": args.out, "public_key": args.public_out, "bits": bits}),
        ok: true,
    })
}

/// Writes a key file: created exclusively unless `force`; a private one with
/// mode 0600 from the first byte (and reset to 0600 if `force` reuses a file).
fn write(path: &Path, text: &str, private: bool, force: bool) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    if private {
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    if private {
        file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    }
    file.write_all(text.as_bytes())
}

/// What a path names, so that two spellings, a symbolic link or a hard link
/// to one file compare equal: its device and inode if it exists, else the
/// canonical directory it would be created in (after any dangling links) and its name.
#[derive(PartialEq)]
enum Identity {
    Inode(u64, u64),
    Path(PathBuf),
}

fn identity(path: &Path) -> Identity {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::MetadataExt as _;
        return Identity::Inode(meta.dev(), meta.ino());
    }
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&path) else { break };
        path = path.parent().unwrap_or(Path::new("")).join(target);
    }
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    Identity::Path(dir.join(path.file_name().unwrap_or_default()))
}
