"""A repository rule that builds on a Debian source package fetched by ./fastpath setup.

The tarball is not downloaded by Bazel (this machine has no network beyond Debian's
archive). The set-up (`./fastpath setup`) runs `apt-get source --download-only`
into third_party/libsrtp/download/ and checks the SHA-256 committed beside this file;
this rule checks it again while extracting, so Bazel never builds an unverified source.
"""

def _debian_source_archive_impl(ctx):
    # sha256sum format: "<hex>  <file name>"
    fields = [f for f in ctx.read(ctx.attr.checksum_file).strip().split("\n")[0].split(" ") if f]
    sha256, tarball = fields[0], fields[1]
    workspace_dir = ctx.path(ctx.attr.checksum_file).dirname
    tarball_path = workspace_dir.get_child("download").get_child(tarball)
    if not tarball_path.exists:
        fail(("%s is missing. Run `./fastpath setup` (it fetches Debian's source package " +
              "with apt-get source and checks its SHA-256).") % tarball_path)
    ctx.download_and_extract(
        url = "file://%s" % tarball_path,
        sha256 = sha256,
        stripPrefix = ctx.attr.strip_prefix,
    )
    ctx.symlink(ctx.attr.build_file, "BUILD.bazel")
    for label, name in ctx.attr.extra_files.items():
        ctx.symlink(label, name)

debian_source_archive = repository_rule(
    implementation = _debian_source_archive_impl,
    attrs = {
        "checksum_file": attr.label(mandatory = True, allow_single_file = True),
        "build_file": attr.label(mandatory = True, allow_single_file = True),
        "strip_prefix": attr.string(mandatory = True),
        "extra_files": attr.label_keyed_string_dict(allow_files = True),
    },
)
