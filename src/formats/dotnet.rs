//! .NET projects (`Directory.Build.props`, `*.csproj`, `*.fsproj`, `*.vbproj`): the
//! `<Version>` property of a `<PropertyGroup>` of the `<Project>`, else its `<VersionPrefix>`,
//! with a `<PackageVersion>` written beside it. MSBuild names are compared ignoring case, as
//! MSBuild does. A property group or a property with a `Condition` is left out (it holds
//! the version of one configuration only), and so is a `Version="…"` attribute (a
//! `<PackageReference>`'s). A version that is an MSBuild expression (`$(…)`) is computed at
//! build time: the file holds none.

use super::xml::{self, Element};
use super::{check_semver, field, Format, FormatError, VersionField};

/// The .NET project format.
pub(super) struct Dotnet;

impl Format for Dotnet {
    fn name(&self) -> &'static str {
        "dotnet"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["Directory.Build.props", "*.csproj", "*.fsproj", "*.vbproj"]
    }

    fn at_root(&self) -> bool {
        false
    }

    /// Every `<Version>` (else `<VersionPrefix>`) and `<PackageVersion>` of the project's
    /// unconditioned property groups, in file order; they must all be the same version,
    /// and are written together.
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let elements = xml::parse(text)?;
        let Some((project, _)) =
            xml::root(&elements).filter(|(_, e)| e.name.eq_ignore_ascii_case("Project"))
        else {
            return Ok(Vec::new());
        };
        let mut version = Vec::new();
        let mut prefix = Vec::new();
        let mut package = Vec::new();
        let mut suffix = Vec::new();
        for (group, _) in xml::children(&elements, project)
            .filter(|(_, e)| e.name.eq_ignore_ascii_case("PropertyGroup") && !conditioned(e))
        {
            for (_, property) in xml::children(&elements, group).filter(|(_, e)| !conditioned(e)) {
                let (list, name) = match property.name.to_ascii_lowercase().as_str() {
                    "version" => (&mut version, "Version"),
                    "versionprefix" => (&mut prefix, "VersionPrefix"),
                    "packageversion" => (&mut package, "PackageVersion"),
                    "versionsuffix" => (&mut suffix, "VersionSuffix"),
                    _ => continue,
                };
                let location = format!("PropertyGroup/{name}");
                let span = xml::text_span(text, property, &location)?;
                // An empty property is one that is not set.
                if !span.is_empty() {
                    list.push(field(text, span, location));
                }
            }
        }
        let expression = |fields: &[VersionField]| fields.iter().any(|f| f.text.contains("$("));
        let main = if version.is_empty() {
            if let Some(s) = suffix.iter().find(|f| !f.text.contains("$(")) {
                if !prefix.is_empty() {
                    return Err(FormatError::at(
                        text,
                        s.span.start,
                        format!(
                            "the version is split in <VersionPrefix> and <VersionSuffix> (\"{}\"); write it whole in <Version>, e.g. <Version>1.2.3-beta.1</Version>, or remove <VersionSuffix>",
                            s.text
                        ),
                    ));
                }
            }
            prefix
        } else {
            version
        };
        if expression(&main) {
            return Ok(Vec::new());
        }
        let mut fields = main;
        // `$(Version)` follows the version; a literal one is written with it.
        fields.extend(package.into_iter().filter(|f| !f.text.contains("$(")));
        fields.sort_by_key(|f| f.span.start);
        let fields: Vec<VersionField> = fields
            .into_iter()
            .map(|f| check_semver(text, f))
            .collect::<Result<_, _>>()?;
        if let Some(first) = fields.first() {
            if let Some(other) = fields.iter().find(|f| f.text != first.text) {
                return Err(FormatError::at(
                    text,
                    other.span.start,
                    format!(
                        "{} \"{}\" is not {} \"{}\" of {}:{}; make them the same version (relman writes both), or write the package version as $(Version)",
                        other.location, other.text, first.location, first.text, first.line, first.column
                    ),
                ));
            }
        }
        Ok(fields)
    }
}

/// Whether an element has a `Condition` attribute.
fn conditioned(element: &Element<'_>) -> bool {
    xml::attribute(element.attributes, "Condition", true).is_some()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::splice;
    use super::super::tests::{bump, err};
    use super::*;

    /// An SDK-style library project, as `dotnet new classlib` writes it with package
    /// metadata, in CRLF with a BOM.
    const CSPROJ: &str = "\u{feff}<Project Sdk=\"Microsoft.NET.Sdk\">\r\n\r\n  <PropertyGroup>\r\n    <TargetFramework>net8.0</TargetFramework>\r\n    <Nullable>enable</Nullable>\r\n    <PackageId>Contoso.Utils</PackageId>\r\n    <!-- <Version>0.0.1</Version> -->\r\n    <Version>1.4.0</Version>\r\n    <Authors>Contoso</Authors>\r\n  </PropertyGroup>\r\n\r\n  <PropertyGroup Condition=\"'$(Configuration)' == 'Debug'\">\r\n    <Version>9.9.9-dev</Version>\r\n  </PropertyGroup>\r\n\r\n  <ItemGroup>\r\n    <PackageReference Include=\"Newtonsoft.Json\" Version=\"13.0.3\" />\r\n    <PackageReference Include=\"Serilog\">\r\n      <Version>3.1.1</Version>\r\n    </PackageReference>\r\n  </ItemGroup>\r\n\r\n  <Target Name=\"Stamp\">\r\n    <PropertyGroup><Version>7.7.7</Version></PropertyGroup>\r\n  </Target>\r\n</Project>\r\n";

    #[test]
    fn dotnet_version_of_the_property_group() {
        let out = bump(&Dotnet, CSPROJ, "1.4.0", "PropertyGroup/Version", "1.5.0");
        assert_eq!(out, CSPROJ.replace("1.4.0", "1.5.0"));
        // MSBuild names ignore case.
        let text = "<project>\n  <propertygroup>\n    <version> 2.0.0 </version>\n  </propertygroup>\n</project>\n";
        let out = bump(&Dotnet, text, "2.0.0", "PropertyGroup/Version", "2.1.0");
        assert_eq!(out, text.replace("2.0.0", "2.1.0"));
    }

    #[test]
    fn dotnet_version_prefix_and_package_version_move_together() {
        let text = "<Project>\n  <PropertyGroup>\n    <VersionPrefix>0.3.0</VersionPrefix>\n    <VersionSuffix>$(CiSuffix)</VersionSuffix>\n  </PropertyGroup>\n  <PropertyGroup>\n    <PackageVersion>0.3.0</PackageVersion>\n  </PropertyGroup>\n</Project>\n";
        let fields = Dotnet.find(text).unwrap();
        let found: Vec<(&str, &str, usize, usize)> = fields
            .iter()
            .map(|f| (f.location.as_str(), f.text.as_str(), f.line, f.column))
            .collect();
        assert_eq!(
            found,
            [
                ("PropertyGroup/VersionPrefix", "0.3.0", 3, 20),
                ("PropertyGroup/PackageVersion", "0.3.0", 7, 21)
            ]
        );
        assert_eq!(
            splice(text, &fields, "0.4.0"),
            text.replace("0.3.0", "0.4.0")
        );
        // <Version> wins over <VersionPrefix>; a $(Version) package version follows it.
        let text = "<Project><PropertyGroup><VersionPrefix>1.0.0</VersionPrefix><Version>1.0.0-rc.1</Version><PackageVersion>$(Version)</PackageVersion></PropertyGroup></Project>";
        let out = bump(
            &Dotnet,
            text,
            "1.0.0-rc.1",
            "PropertyGroup/Version",
            "1.0.0",
        );
        assert_eq!(out, text.replace("1.0.0-rc.1", "1.0.0"));
    }

    #[test]
    fn dotnet_no_version_is_none() {
        for text in [
            // Only a package reference's attribute, and a conditioned group.
            "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup Condition=\" '$(Configuration)' == 'Release' \">\n    <Version>1.0.0</Version>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"X\" Version=\"1.2.3\" />\n  </ItemGroup>\n</Project>\n",
            // Computed at build time.
            "<Project><PropertyGroup><Version>$(MajorMinor).4</Version><PackageVersion>1.2.4</PackageVersion></PropertyGroup></Project>",
            "<Project><PropertyGroup><Version Condition=\"'$(Version)' == ''\">1.0.0</Version><Version></Version></PropertyGroup></Project>",
            "<Project><PropertyGroup><!-- <Version>1.0.0</Version> --></PropertyGroup></Project>",
            "<Version>1.0.0</Version>",
            "",
        ] {
            assert_eq!(Dotnet.find(text), Ok(vec![]), "{text:?}");
        }
        assert!(!Dotnet.at_root());
        let k = |p: &str| super::super::for_path(Path::new(p)).map(Format::name);
        assert_eq!(k("src/App/App.csproj"), Some("dotnet"));
        assert_eq!(k("Lib.fsproj"), Some("dotnet"));
        assert_eq!(k("Old.vbproj"), Some("dotnet"));
        assert_eq!(k("Directory.Build.props"), Some("dotnet"));
        assert_eq!(k(".csproj"), None);
        assert_eq!(k("App.csproj.user"), None);
    }

    #[test]
    fn dotnet_errors_say_where() {
        let e = err(
            &Dotnet,
            "<Project>\n  <PropertyGroup>\n    <Version>1.2.3.4</Version>\n  </PropertyGroup>\n</Project>\n",
        );
        assert_eq!((e.line, e.column), (3, 14));
        assert!(e.message.contains("\"1.2.3.4\" is not SemVer"), "{e}");
        assert!(e.message.contains("(in PropertyGroup/Version)"), "{e}");
        let e = err(
            &Dotnet,
            "<Project><PropertyGroup>\n<Version>1.2.3</Version>\n<PackageVersion>1.2.0</PackageVersion>\n</PropertyGroup></Project>",
        );
        assert_eq!((e.line, e.column), (3, 17));
        assert!(
            e.message
                .contains("is not PropertyGroup/Version \"1.2.3\" of 2:10"),
            "{e}"
        );
        let e = err(
            &Dotnet,
            "<Project><PropertyGroup>\n<VersionPrefix>1.2.3</VersionPrefix>\n<VersionSuffix>beta</VersionSuffix>\n</PropertyGroup></Project>",
        );
        assert_eq!((e.line, e.column), (3, 16));
        assert!(e.message.contains("<VersionSuffix>"), "{e}");
        let e = err(&Dotnet, "<Project><PropertyGroup></Project>");
        assert!(e.message.contains("invalid XML"), "{e}");
    }
}
