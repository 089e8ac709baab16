#!/usr/bin/env python3
"""Writes Backprop.Nano.sln. Run it after adding a project; `dotnet sln` cannot add .nfproj or .shproj files."""
import pathlib

FOLDER = "2150E333-8FDC-42A3-9474-1A3956D46DE8"
SHARED = "D954291E-2A0B-460D-934E-DC6B0785DB48"
NANO = "11A8DD76-328B-46DF-9F39-F559912D0360"
CSHARP = "9A19103F-16F7-4668-BE54-9A1E7A4F7556"

FOLDERS = {"src": "0C6F1E2A-5B7D-4E8F-9A1B-2C3D4E5F6071",
           "tests": "1D7A2F3B-6C8E-4F9A-8B2C-3D4E5F607182",
           "firmware": "2E8B3A4C-7D9F-4A0B-9C3D-4E5F60718293",
           "build": "3F9C4B5D-8E0A-4B1C-8D4E-5F60718293A4"}

# (folder, name, path, type, guid)
PROJECTS = [
    ("src", "Backprop.Nano", r"src\Backprop.Nano\Backprop.Nano.shproj", SHARED, "E2399D87-C1CD-425F-BD3B-C277F19F8894"),
    ("src", "Backprop.Nano.nanoFramework", r"src\Backprop.Nano.nanoFramework\Backprop.Nano.nfproj", NANO, "D5CC83F6-8947-4BB4-BC5F-46C9E9CB8F8D"),
    ("src", "Backprop.Nano.Desktop", r"src\Backprop.Nano.Desktop\Backprop.Nano.Desktop.csproj", CSHARP, "1EF099AD-A432-4D0B-B797-9305F2CA6C20"),
    ("tests", "Backprop.Nano.Tests", r"tests\Backprop.Nano.Tests\Backprop.Nano.Tests.shproj", SHARED, "A3C0CC3C-F224-49F4-AA91-96BC9C5EF471"),
    ("tests", "Backprop.Nano.Tests.nanoFramework", r"tests\Backprop.Nano.Tests.nanoFramework\Backprop.Nano.Tests.nfproj", NANO, "BCC8D4C6-4B5D-4877-B75F-68F114A84E5C"),
    ("tests", "Backprop.Nano.Tests.Desktop", r"tests\Backprop.Nano.Tests.Desktop\Backprop.Nano.Tests.Desktop.csproj", CSHARP, "216B5BF7-046D-4DBF-890F-B7240CC7CF04"),
    ("build", "Backprop.Nano.NanoApiCheck", r"build\NanoApiCheck\Backprop.Nano.NanoApiCheck.csproj", CSHARP, "235E167E-493B-4E3D-9371-624DD1C72C31"),
]
EXTRA = pathlib.Path(__file__).with_name("sln-projects.txt")
if EXTRA.exists():
    for line in EXTRA.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            folder, name, path, kind, guid = line.split()
            PROJECTS.append((folder, name, path, {"nano": NANO, "csharp": CSHARP, "shared": SHARED}[kind], guid))

out = ["", "Microsoft Visual Studio Solution File, Format Version 12.00", "# Visual Studio Version 17",
       "VisualStudioVersion = 17.11.35222.181", "MinimumVisualStudioVersion = 10.0.40219.1"]
for name, guid in FOLDERS.items():
    out += [f'Project("{{{FOLDER}}}") = "{name}", "{name}", "{{{guid}}}"', "EndProject"]
for _, name, path, kind, guid in PROJECTS:
    out += [f'Project("{{{kind}}}") = "{name}", "{path}", "{{{guid}}}"', "EndProject"]
out += ["Global", "\tGlobalSection(SharedMSBuildProjectFiles) = preSolution"]
for _, _, path, kind, guid in PROJECTS:
    if kind == SHARED:
        out.append(f"\t\t{path.replace('.shproj', '.projitems')}*{{{guid.lower()}}}*SharedItemsImports = 13")
out += ["\tEndGlobalSection", "\tGlobalSection(SolutionConfigurationPlatforms) = preSolution",
        "\t\tDebug|Any CPU = Debug|Any CPU", "\t\tRelease|Any CPU = Release|Any CPU", "\tEndGlobalSection",
        "\tGlobalSection(ProjectConfigurationPlatforms) = postSolution"]
for _, _, _, kind, guid in PROJECTS:
    if kind == SHARED:
        continue
    for config in ("Debug", "Release"):
        out.append(f"\t\t{{{guid}}}.{config}|Any CPU.ActiveCfg = {config}|Any CPU")
        out.append(f"\t\t{{{guid}}}.{config}|Any CPU.Build.0 = {config}|Any CPU")
        if kind == NANO:
            out.append(f"\t\t{{{guid}}}.{config}|Any CPU.Deploy.0 = {config}|Any CPU")
out += ["\tEndGlobalSection", "\tGlobalSection(SolutionProperties) = preSolution", "\t\tHideSolutionNode = FALSE",
        "\tEndGlobalSection", "\tGlobalSection(NestedProjects) = preSolution"]
for folder, _, _, _, guid in PROJECTS:
    out.append(f"\t\t{{{guid}}} = {{{FOLDERS[folder]}}}")
out += ["\tEndGlobalSection", "\tGlobalSection(ExtensibilityGlobals) = postSolution",
        "\t\tSolutionGuid = {7A3B5C1D-2E4F-4A6B-8C9D-0E1F2A3B4C5D}", "\tEndGlobalSection", "EndGlobal", ""]
target = pathlib.Path(__file__).resolve().parent.parent / "Backprop.Nano.sln"
target.write_text("\r\n".join(out), encoding="utf-8-sig")
print(f"wrote {target} with {len(PROJECTS)} projects")
