using InviteJoin.Catalogue;

// invitejoin-catalogue [--write | --check] [--root DIR]: writes (or checks) the files the token catalogues
// determine. It depends on nothing but the BCL, so it runs while the reference does not build, as it does
// not when a token was added to the catalogue and Rule.cs does not have it yet.
var write = false;
string? root = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--write":
            write = true;
            break;
        case "--check":
            write = false;
            break;
        case "--root" when i + 1 < args.Length:
            root = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: invitejoin-catalogue [--write | --check] [--root DIR]");
            Console.Error.WriteLine("  --check (default)  list the generated files that differ from what the catalogues give; exit 1 if any");
            Console.Error.WriteLine("  --write            rewrite them");
            Console.Error.WriteLine("  --root DIR         the repository (default: the folder holding Reference.sln above the current one)");
            return 2;
    }
}

root ??= CatalogueFiles.FindRoot(Directory.GetCurrentDirectory());
if (root is null || !File.Exists(Path.Combine(root, "Reference.sln")))
{
    Console.Error.WriteLine("invitejoin-catalogue: no Reference.sln " + (root is null ? "above the current folder" : "in " + root) + "; pass --root");
    return 2;
}

var (files, problems) = CatalogueFiles.Expected(root);
if (problems.Count > 0)
{
    foreach (var problem in problems) Console.Error.WriteLine(problem);
    return 2;
}
var stale = CatalogueFiles.Stale(root, files);
if (write)
{
    CatalogueFiles.Write(root, files.Where(f => stale.Contains(f.Path)));
    foreach (var path in stale) Console.Out.WriteLine("wrote " + path);
    if (stale.Count == 0) Console.Out.WriteLine("every generated file is current");
    return 0;
}
foreach (var path in stale) Console.Out.WriteLine("stale: " + path);
if (stale.Count > 0) Console.Out.WriteLine("run: " + CatalogueFiles.WriteCommand);
return stale.Count == 0 ? 0 : 1;
