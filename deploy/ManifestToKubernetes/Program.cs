using ReferenceApp.Deploy;

// ManifestToKubernetes --manifest <aspire-manifest.json> --profile <profile.json> --output <dir>
// Writes the kustomize tree to <dir> (which it owns: files it no longer generates are removed).
return CommandLine.Run(args, Console.Out, Console.Error);
