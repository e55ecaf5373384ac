// Replaces the mime-db package (136 KiB of JSON) in the Worker bundle (see [alias] in
// wrangler.toml). It reaches the bundle through jira.js' HTTP stack, which consults it only to
// name the type of a file it uploads; the bridge uploads no files.
export default {};
