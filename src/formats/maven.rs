//! `pom.xml` (Maven): the project's own `<version>`, the child of the root `<project>`, and
//! its `<artifactId>`. The `<version>` of the `<parent>`, of a dependency or of a plugin is
//! not the project's. A project that inherits its version from its parent has none; a
//! version that is a property is the property's value when the project sets it (the
//! CI-friendly `${revision}` with `<properties><revision>`), else none.

use super::xml::{self, Element};
use super::{check_semver, field, Format, FormatError, VersionField};

/// The `pom.xml` format.
pub(super) struct Maven;

impl Format for Maven {
    fn name(&self) -> &'static str {
        "maven"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["pom.xml"]
    }

    fn at_root(&self) -> bool {
        false
    }

    /// `project/version`, or the property `project/properties/NAME` it is when it is
    /// exactly `${NAME}`; none when it is inherited or set elsewhere (`-Drevision=…`).
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let elements = xml::parse(text)?;
        let Some(project) = project(&elements) else {
            return Ok(Vec::new());
        };
        let Some((_, version)) = child(text, &elements, project, "version")? else {
            return inherited(text, &elements, project);
        };
        let location = "project/version";
        let span = xml::text_span(text, version, location)?;
        let value = &text[span.clone()];
        if !value.contains("${") {
            let mut fields = vec![check_semver(text, field(text, span.clone(), location))?];
            // A module of a multi-module build whose `<parent>` is a module of the same
            // build, released with it (`<relativePath>`, or the same version): the parent
            // reference moves too, or the build would look for a version nobody makes.
            if let Some((parent, _)) = child(text, &elements, project, "parent")? {
                if let Some((_, pv)) = child(text, &elements, parent, "version")? {
                    let pspan = xml::text_span(text, pv, "project/parent/version")?;
                    let group = |of| -> Result<Option<String>, FormatError> {
                        Ok(match child(text, &elements, of, "groupId")? {
                            Some((_, g)) => {
                                let span = xml::text_span(text, g, "groupId")?;
                                Some(text[span].to_string())
                            }
                            None => None,
                        })
                    };
                    let own_group = group(project)?;
                    let local = child(text, &elements, parent, "relativePath")?.is_some()
                        || own_group.is_none()
                        || own_group == group(parent)?;
                    if text[pspan.clone()] == *value && local {
                        fields.push(check_semver(
                            text,
                            field(text, pspan, "project/parent/version"),
                        )?);
                        fields.sort_by_key(|f| f.span.start);
                    }
                }
            }
            return Ok(fields);
        }
        let Some(name) = value
            .strip_prefix("${")
            .and_then(|v| v.strip_suffix('}'))
            .filter(|n| !n.is_empty() && !n.contains(['$', '{', '}']))
        else {
            return Ok(Vec::new());
        };
        let Some((properties, _)) = child(text, &elements, project, "properties")? else {
            return Ok(Vec::new());
        };
        let Some((_, property)) = child(text, &elements, properties, name)? else {
            return Ok(Vec::new());
        };
        let location = format!("project/properties/{name}");
        let span = xml::text_span(text, property, &location)?;
        if text[span.clone()].contains("${") {
            return Ok(Vec::new());
        }
        check_semver(text, field(text, span, location)).map(|f| vec![f])
    }

    /// `project/artifactId`.
    fn package_name(&self, text: &str) -> Result<Option<String>, FormatError> {
        let elements = xml::parse(text)?;
        let Some(project) = project(&elements) else {
            return Ok(None);
        };
        let Some((_, id)) = child(text, &elements, project, "artifactId")? else {
            return Ok(None);
        };
        let span = xml::text_span(text, id, "project/artifactId")?;
        Ok(Some(text[span].to_string()))
    }
}

/// A module with no `<version>` of its own is at its parent's (Maven's inheritance): when
/// the parent is a module of the same build (`<relativePath>`, or no `<groupId>` of its
/// own, or the parent's), that `<parent><version>` is the module's version, and moves with
/// the release, or the module would name a parent version nobody builds.
fn inherited(
    text: &str,
    elements: &[Element<'_>],
    project: usize,
) -> Result<Vec<VersionField>, FormatError> {
    let Some((parent, _)) = child(text, elements, project, "parent")? else {
        return Ok(Vec::new());
    };
    let Some((_, version)) = child(text, elements, parent, "version")? else {
        return Ok(Vec::new());
    };
    let group = |of| -> Result<Option<String>, FormatError> {
        Ok(match child(text, elements, of, "groupId")? {
            Some((_, g)) => Some(text[xml::text_span(text, g, "groupId")?].to_string()),
            None => None,
        })
    };
    let own_group = group(project)?;
    let local = child(text, elements, parent, "relativePath")?.is_some()
        || own_group.is_none()
        || own_group == group(parent)?;
    let location = "project/parent/version";
    let span = xml::text_span(text, version, location)?;
    if !local || text[span.clone()].contains("${") {
        return Ok(Vec::new());
    }
    check_semver(text, field(text, span, location)).map(|f| vec![f])
}

/// The index of the root element when it is `<project>`.
fn project(elements: &[Element<'_>]) -> Option<usize> {
    xml::root(elements)
        .filter(|(_, e)| e.name == "project")
        .map(|(i, _)| i)
}

/// The only child `name` of element `parent`, with its index; Err when there are two.
fn child<'e, 'a>(
    text: &str,
    elements: &'e [Element<'a>],
    parent: usize,
    name: &str,
) -> Result<Option<(usize, &'e Element<'a>)>, FormatError> {
    let mut found = xml::children(elements, parent).filter(|(_, e)| e.name == name);
    let first = found.next();
    if let Some((_, second)) = found.next() {
        return Err(FormatError::at(
            text,
            second.start,
            format!(
                "`<{name}>` is given twice in `<{}>`; keep one",
                elements[parent].name
            ),
        ));
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::tests::{bump, err};
    use super::*;

    /// A project as start.spring.io writes it: a parent, dependencies, a plugin.
    const SPRING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
	xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
	<modelVersion>4.0.0</modelVersion>
	<parent>
		<groupId>org.springframework.boot</groupId>
		<artifactId>spring-boot-starter-parent</artifactId>
		<version>3.2.0</version>
		<relativePath/> <!-- lookup parent from repository -->
	</parent>
	<groupId>com.example</groupId>
	<artifactId>demo</artifactId>
	<version>0.0.1-SNAPSHOT</version>
	<name>demo</name>
	<description>Demo project for Spring Boot</description>
	<properties>
		<java.version>17</java.version>
	</properties>
	<dependencies>
		<dependency>
			<groupId>org.springframework.boot</groupId>
			<artifactId>spring-boot-starter-web</artifactId>
		</dependency>
		<dependency>
			<groupId>org.projectlombok</groupId>
			<artifactId>lombok</artifactId>
			<version>1.18.30</version>
			<optional>true</optional>
		</dependency>
	</dependencies>
	<build>
		<plugins>
			<plugin>
				<groupId>org.springframework.boot</groupId>
				<artifactId>spring-boot-maven-plugin</artifactId>
				<version>3.2.0</version>
			</plugin>
		</plugins>
	</build>
</project>
"#;

    #[test]
    fn maven_project_version_not_the_parents() {
        let out = bump(&Maven, SPRING, "0.0.1-SNAPSHOT", "project/version", "0.1.0");
        assert_eq!(out, SPRING.replace("0.0.1-SNAPSHOT", "0.1.0"));
        assert_eq!(Maven.package_name(SPRING), Ok(Some("demo".to_string())));
        assert!(!Maven.at_root());
        assert_eq!(
            super::super::for_path(Path::new("service/pom.xml")).map(Format::name),
            Some("maven")
        );
    }

    #[test]
    fn a_sibling_parent_of_the_same_build_moves_with_the_module() {
        let text = "<project>\n  <parent>\n    <groupId>com.acme</groupId>\n    <artifactId>acme-parent</artifactId>\n    <version>1.17.1-SNAPSHOT</version>\n    <relativePath>../parent</relativePath>\n  </parent>\n  <artifactId>lib</artifactId>\n  <version>1.17.1-SNAPSHOT</version>\n</project>\n";
        let fields = Maven.find(text).unwrap();
        let places: Vec<&str> = fields.iter().map(|f| f.location.as_str()).collect();
        assert_eq!(places, ["project/parent/version", "project/version"]);
        // An outside parent (Spring Boot's) stays.
        let fields = Maven.find(SPRING).unwrap();
        assert_eq!(fields.len(), 1);
    }

    #[test]
    fn a_module_inheriting_its_version_is_at_its_parents() {
        // google-auth-library-java's `oauth2_http/pom.xml`: no version of its own.
        let text = "<project>\n  <parent>\n    <groupId>com.google.auth</groupId>\n    <artifactId>google-auth-library-parent</artifactId>\n    <version>1.42.2-SNAPSHOT</version>\n    <relativePath>../pom.xml</relativePath>\n  </parent>\n  <artifactId>google-auth-library-oauth2-http</artifactId>\n  <dependencies><dependency><artifactId>x</artifactId><version>9.0.0</version></dependency></dependencies>\n</project>\n";
        let out = bump(
            &Maven,
            text,
            "1.42.2-SNAPSHOT",
            "project/parent/version",
            "1.43.0",
        );
        assert_eq!(out, text.replace("1.42.2-SNAPSHOT", "1.43.0"));
        // Without a relativePath: its own group is the parent's, or it has none.
        let same_group = text.replace("    <relativePath>../pom.xml</relativePath>\n", "");
        assert_eq!(Maven.find(&same_group).unwrap().len(), 1);
    }

    #[test]
    fn maven_dependency_versions_before_the_projects_are_not_taken() {
        let text = "<project>\r\n  <!-- <version>9.9.9</version> -->\r\n  <dependencies>\r\n    <dependency><artifactId>a</artifactId><version>2.0.0</version></dependency>\r\n  </dependencies>\r\n  <profiles><profile><id>x</id><version>3.0.0</version></profile></profiles>\r\n  <description><![CDATA[<version>4.0.0</version>]]></description>\r\n  <url a=\"<version>5.0.0</version>\"/>\r\n  <version>\r\n    1.2.3\r\n  </version>\r\n  <artifactId>lib</artifactId>\r\n</project>\r\n";
        let out = bump(&Maven, text, "1.2.3", "project/version", "1.3.0");
        assert_eq!(out, text.replace("1.2.3", "1.3.0"));
        assert_eq!(Maven.package_name(text), Ok(Some("lib".to_string())));
    }

    #[test]
    fn maven_ci_friendly_revision() {
        let text = "<project>\n  <artifactId>app</artifactId>\n  <version>${revision}</version>\n  <properties>\n    <java.version>21</java.version>\n    <revision>1.2.3</revision>\n  </properties>\n  <profiles><profile><properties><revision>0.0.0</revision></properties></profile></profiles>\n</project>\n";
        let out = bump(
            &Maven,
            text,
            "1.2.3",
            "project/properties/revision",
            "1.2.4",
        );
        assert_eq!(out, text.replace("1.2.3", "1.2.4"));
        let e = err(&Maven, &text.replace("1.2.3", "1.2"));
        assert_eq!((e.line, e.column), (6, 15));
        assert!(e.message.contains("project/properties/revision"), "{e}");
    }

    #[test]
    fn maven_no_version_of_its_own_is_none() {
        for text in [
            // Inherited from a parent outside the build (another group).
            "<project><parent><groupId>g</groupId><version>1.0.0</version></parent><groupId>h</groupId><artifactId>a</artifactId></project>",
            // A property set on the command line, or in the parent.
            "<project><version>${revision}</version></project>",
            "<project><version>${revision}</version><properties><revision>${base}</revision></properties></project>",
            "<project><version>${revision}${changelist}</version><properties><revision>1.0.0</revision></properties></project>",
            // Not a project.
            "<settings><version>1.0.0</version></settings>",
            "",
        ] {
            assert_eq!(Maven.find(text), Ok(vec![]), "{text:?}");
        }
    }

    #[test]
    fn maven_errors_say_where() {
        let e = err(
            &Maven,
            "<project>\n  <version>1.0-SNAPSHOT</version>\n</project>\n",
        );
        assert_eq!((e.line, e.column), (2, 12));
        assert!(e.message.contains("\"1.0-SNAPSHOT\" is not SemVer"), "{e}");
        assert!(e.message.contains("(in project/version)"), "{e}");
        let e = err(
            &Maven,
            "<project>\n  <version>1.0.0</version>\n  <version>1.0.1</version>\n</project>",
        );
        assert_eq!((e.line, e.column), (3, 3));
        assert!(e.message.contains("twice"), "{e}");
        let e = err(&Maven, "<project>\n  <version>1.0.0</vershun>\n</project>");
        assert_eq!((e.line, e.column), (2, 17));
        let e = err(
            &Maven,
            "<project><version><!-- x -->1.0.0</version></project>",
        );
        assert!(e.message.contains("markup"), "{e}");
        assert!(Maven.package_name("<project>").is_err());
    }
}
