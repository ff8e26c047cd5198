#pragma once

// Builders of User-access Brands Bundles for the brands tests: real JSON, written field by field.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace kete::brands::fixture {

inline QString s(const char *text)
{
    return QString::fromUtf8(text);
}

inline QJsonObject endpoint(const QString &id, const QString &address,
                            const QString &fhirVersion = s("4.0.1"))
{
    QJsonObject resource{{s("resourceType"), s("Endpoint")},
                         {s("id"), id},
                         {s("status"), s("active")},
                         {s("name"), QString(s("FHIR ") + id)},
                         {s("address"), address}};
    if (!fhirVersion.isEmpty())
        resource.insert(
            s("extension"),
            QJsonArray{QJsonObject{
                {s("url"), s("http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version")},
                {s("valueCode"), fhirVersion}}});
    return resource;
}

inline QJsonObject reference(const QString &target)
{
    return QJsonObject{{s("reference"), target}};
}

struct Portal
{
    QString name;
    QString description;
    QString url;
    QString logo;
    QStringList endpoints; // references
};

struct Org
{
    Org(QString id_ = {}, QString name_ = {}, QStringList aliases_ = {}, QString website_ = {},
        QString city_ = {})
        : id(std::move(id_))
        , name(std::move(name_))
        , aliases(std::move(aliases_))
        , website(std::move(website_))
        , city(std::move(city_))
    {}

    QString id;
    QString name;
    QStringList aliases;
    QString website;
    QString city;
    QString state;
    QString postalCode;
    QString country;
    QString logo;
    QString brandBundle;
    QString partOf;
    QList<Portal> portals;
    QStringList endpoints; // Organization.endpoint references
};

inline QJsonObject organization(const Org &org)
{
    QJsonArray extensions;
    if (!org.logo.isEmpty() || !org.brandBundle.isEmpty()) {
        QJsonArray sub;
        if (!org.logo.isEmpty())
            sub.append(QJsonObject{{s("url"), s("brandLogo")}, {s("valueUrl"), org.logo}});
        if (!org.brandBundle.isEmpty())
            sub.append(QJsonObject{{s("url"), s("brandBundle")}, {s("valueUrl"), org.brandBundle}});
        extensions.append(
            QJsonObject{{s("url"), s("http://hl7.org/fhir/StructureDefinition/organization-brand")},
                        {s("extension"), sub}});
    }
    for (const Portal &portal : org.portals) {
        QJsonArray sub;
        const auto add = [&sub](const char *name, const char *type, const QString &value) {
            if (!value.isEmpty())
                sub.append(QJsonObject{{s("url"), s(name)}, {s(type), value}});
        };
        add("portalName", "valueString", portal.name);
        add("portalDescription", "valueMarkdown", portal.description);
        add("portalUrl", "valueUrl", portal.url);
        add("portalLogo", "valueUrl", portal.logo);
        for (const QString &target : portal.endpoints)
            sub.append(QJsonObject{{s("url"), s("portalEndpoint")},
                                   {s("valueReference"), reference(target)}});
        extensions.append(QJsonObject{
            {s("url"), s("http://hl7.org/fhir/StructureDefinition/organization-portal")},
            {s("extension"), sub}});
    }
    QJsonObject resource{{s("resourceType"), s("Organization")},
                         {s("id"), org.id},
                         {s("active"), true},
                         {s("extension"), extensions}};
    if (!org.name.isEmpty())
        resource.insert(s("name"), org.name);
    if (!org.aliases.isEmpty())
        resource.insert(s("alias"), QJsonArray::fromStringList(org.aliases));
    if (!org.website.isEmpty())
        resource.insert(s("identifier"),
                        QJsonArray{QJsonObject{{s("system"), s("urn:ietf:rfc:3986")},
                                               {s("value"), org.website}}});
    if (!org.city.isEmpty() || !org.postalCode.isEmpty())
        resource.insert(s("address"), QJsonArray{QJsonObject{{s("city"), org.city},
                                                             {s("state"), org.state},
                                                             {s("postalCode"), org.postalCode},
                                                             {s("country"), org.country}}});
    if (!org.partOf.isEmpty())
        resource.insert(s("partOf"), reference(org.partOf));
    QJsonArray endpoints;
    for (const QString &target : org.endpoints)
        endpoints.append(reference(target));
    if (!endpoints.isEmpty())
        resource.insert(s("endpoint"), endpoints);
    return resource;
}

inline QJsonObject entry(const QJsonObject &resource, const QString &fullUrl = {})
{
    QJsonObject object{{s("resource"), resource}};
    if (!fullUrl.isEmpty())
        object.insert(s("fullUrl"), fullUrl);
    return object;
}

inline QByteArray bundle(const QJsonArray &entries, const QString &type = s("collection"))
{
    return QJsonDocument(QJsonObject{{s("resourceType"), s("Bundle")},
                                     {s("type"), type},
                                     {s("timestamp"), s("2026-11-30T10:00:00Z")},
                                     {s("entry"), entries}})
        .toJson(QJsonDocument::Compact);
}

// A 1x1 PNG.
inline QString pngDataUrl()
{
    return s("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
             "z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
}

} // namespace kete::brands::fixture
