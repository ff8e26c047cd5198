#include "brands/brandsparser.h"

#include "common/logging.h"
#include "common/transportpolicy.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>

namespace kete::brands {

namespace {

const QString brandExtension =
    QStringLiteral("http://hl7.org/fhir/StructureDefinition/organization-brand");
const QString portalExtension =
    QStringLiteral("http://hl7.org/fhir/StructureDefinition/organization-portal");
const QString fhirVersionExtension =
    QStringLiteral("http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version");
const QString urlIdentifierSystem = QStringLiteral("urn:ietf:rfc:3986");

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::brands::Parser", text);
}

QString text(const QJsonObject &object, QLatin1String key)
{
    return object.value(key).toString().trimmed();
}

// The sub-extensions of a complex extension, by their url.
QMultiHash<QString, QJsonValue> subExtensions(const QJsonObject &extension)
{
    QMultiHash<QString, QJsonValue> values;
    const QJsonArray list = extension.value(QLatin1String("extension")).toArray();
    for (const QJsonValue &item : list) {
        const QJsonObject sub = item.toObject();
        const QString url = sub.value(QLatin1String("url")).toString();
        for (auto it = sub.constBegin(); it != sub.constEnd(); ++it) {
            if (it.key().startsWith(QLatin1String("value")))
                values.insert(url, it.value());
        }
    }
    return values;
}

QString subText(const QMultiHash<QString, QJsonValue> &values, const char *name)
{
    return values.value(QLatin1String(name)).toString().trimmed();
}

struct EndpointTable
{
    QHash<QString, BrandEndpoint> byReference; // fullUrl and "Endpoint/id"
    QSet<QString> refused;                     // references to an Endpoint that was refused
};

class Parser
{
public:
    explicit Parser(const ParseLimits &limits)
        : m_limits(limits)
    {}

    Result<ParsedBrands> parse(const QByteArray &json);

private:
    void warn(QString message, QString detail)
    {
        if (m_parsed.report.warnings.size() < m_limits.maxWarnings)
            m_parsed.report.warnings.append(Error{std::move(message), std::move(detail)});
    }
    void readEndpoint(const QJsonObject &resource, const QString &fullUrl);
    std::optional<Brand> readOrganization(const QJsonObject &resource);
    QList<BrandEndpoint> resolve(const QJsonArray &references, const QString &organization);
    QList<BrandEndpoint> resolve(const QList<QJsonValue> &references, const QString &organization);
    std::optional<BrandEndpoint> resolveOne(const QJsonObject &reference,
                                            const QString &organization);
    QUrl acceptedLogo(const QString &value, const QString &organization);
    void joinAffiliates(QList<Brand> &brands);
    QList<Brand> mergeSameIdentifier(QList<Brand> brands);

    ParseLimits m_limits;
    ParsedBrands m_parsed;
    EndpointTable m_endpoints;
};

Result<ParsedBrands> Parser::parse(const QByteArray &json)
{
    if (json.size() > m_limits.maxBundleBytes)
        return Error{tr("This provider directory is too large to read (%1 MB; at most %2 MB).")
                         .arg(json.size() / (1024 * 1024))
                         .arg(m_limits.maxBundleBytes / (1024 * 1024)),
                     QStringLiteral("brands.too-large: %1 bytes").arg(json.size()),
                     ErrorCode::TooLarge};
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Error{tr("This provider directory is not readable: it is not valid JSON."),
                     QStringLiteral("brands.json: %1 at offset %2")
                         .arg(error.errorString())
                         .arg(error.offset),
                     ErrorCode::FhirUnreadable};
    const QJsonObject bundle = document.object();
    if (bundle.value(QLatin1String("resourceType")).toString() != QLatin1String("Bundle"))
        return Error{tr("This is not a provider directory: it is not a FHIR Bundle."),
                     QStringLiteral("brands.not-bundle: resourceType %1")
                         .arg(bundle.value(QLatin1String("resourceType")).toString()),
                     ErrorCode::FhirUnreadable};
    if (text(bundle, QLatin1String("type")) != QLatin1String("collection"))
        warn(tr("The provider directory is not a Bundle of type collection; read anyway."),
             QStringLiteral("brands.bundle-type: %1").arg(text(bundle, QLatin1String("type"))));
    m_parsed.report.timestamp =
        QDateTime::fromString(text(bundle, QLatin1String("timestamp")), Qt::ISODateWithMs);

    const QJsonArray entries = bundle.value(QLatin1String("entry")).toArray();
    // Endpoints first: Organizations reference them from anywhere in the Bundle.
    for (const QJsonValue &entry : entries) {
        const QJsonObject object = entry.toObject();
        const QJsonObject resource = object.value(QLatin1String("resource")).toObject();
        if (resource.value(QLatin1String("resourceType")).toString() == QLatin1String("Endpoint"))
            readEndpoint(resource, text(object, QLatin1String("fullUrl")));
    }
    QList<Brand> brands;
    for (const QJsonValue &entry : entries) {
        const QJsonObject resource = entry.toObject().value(QLatin1String("resource")).toObject();
        if (resource.value(QLatin1String("resourceType")).toString() !=
            QLatin1String("Organization"))
            continue;
        ++m_parsed.report.organizations;
        if (std::optional<Brand> brand = readOrganization(resource))
            brands.append(std::move(*brand));
    }
    joinAffiliates(brands);
    m_parsed.brands = mergeSameIdentifier(std::move(brands));
    if (m_parsed.report.problems() > 0)
        qCInfo(lcApp) << "brands bundle:" << m_parsed.report.organizations << "organizations,"
                      << m_parsed.report.skippedOrganizations << "skipped,"
                      << m_parsed.report.refusedEndpoints << "endpoints refused,"
                      << m_parsed.report.droppedLogos << "logos dropped";
    return std::move(m_parsed);
}

void Parser::readEndpoint(const QJsonObject &resource, const QString &fullUrl)
{
    ++m_parsed.report.endpoints;
    const QString id = text(resource, QLatin1String("id"));
    QStringList references;
    if (!fullUrl.isEmpty())
        references.append(fullUrl);
    if (!id.isEmpty())
        references.append(QStringLiteral("Endpoint/") + id);

    const QString address = text(resource, QLatin1String("address"));
    const QUrl url(address, QUrl::StrictMode);
    if (address.isEmpty() || !url.isValid()) {
        ++m_parsed.report.refusedEndpoints;
        warn(tr("A FHIR endpoint in the directory has no valid address; it is left out."),
             QStringLiteral("brands.endpoint-address: Endpoint/%1").arg(id));
        for (const QString &reference : references)
            m_endpoints.refused.insert(reference);
        return;
    }
    if (const std::optional<Error> refused = checkTransport(url)) {
        ++m_parsed.report.refusedEndpoints;
        warn(tr("A FHIR endpoint in the directory does not use a secure connection (https); it "
                "is left out: %1")
                 .arg(url.toDisplayString()),
             QStringLiteral("brands.endpoint-refused: Endpoint/%1 %2").arg(id, refused->detail));
        for (const QString &reference : references)
            m_endpoints.refused.insert(reference);
        return;
    }
    BrandEndpoint endpoint;
    endpoint.address = url.adjusted(QUrl::StripTrailingSlash);
    endpoint.name = text(resource, QLatin1String("name"));
    const QJsonArray extensions = resource.value(QLatin1String("extension")).toArray();
    for (const QJsonValue &extension : extensions) {
        const QJsonObject object = extension.toObject();
        if (object.value(QLatin1String("url")).toString() == fhirVersionExtension)
            endpoint.fhirVersion = text(object, QLatin1String("valueCode"));
    }
    for (const QString &reference : references)
        m_endpoints.byReference.insert(reference, endpoint);
}

std::optional<BrandEndpoint> Parser::resolveOne(const QJsonObject &reference,
                                                const QString &organization)
{
    QString target = text(reference, QLatin1String("reference"));
    if (target.isEmpty())
        return std::nullopt;
    auto found = m_endpoints.byReference.constFind(target);
    if (found == m_endpoints.byReference.constEnd()) {
        // An absolute URL whose tail is Endpoint/id, against an Endpoint listed only by id.
        const qsizetype at = target.lastIndexOf(QLatin1String("Endpoint/"));
        if (at > 0)
            found = m_endpoints.byReference.constFind(target.mid(at));
    }
    if (found != m_endpoints.byReference.constEnd())
        return *found;
    if (!m_endpoints.refused.contains(target))
        warn(tr("%1 refers to a FHIR endpoint that is not in the directory.").arg(organization),
             QStringLiteral("brands.endpoint-missing: %1").arg(target));
    return std::nullopt;
}

QList<BrandEndpoint> Parser::resolve(const QList<QJsonValue> &references,
                                     const QString &organization)
{
    QList<BrandEndpoint> endpoints;
    for (const QJsonValue &reference : references) {
        if (std::optional<BrandEndpoint> endpoint = resolveOne(reference.toObject(), organization);
            endpoint && !endpoints.contains(*endpoint))
            endpoints.append(*endpoint);
    }
    return endpoints;
}

QList<BrandEndpoint> Parser::resolve(const QJsonArray &references, const QString &organization)
{
    return resolve(QList<QJsonValue>(references.begin(), references.end()), organization);
}

QUrl Parser::acceptedLogo(const QString &value, const QString &organization)
{
    if (value.isEmpty())
        return {};
    const QUrl logo(value);
    if (const std::optional<Error> problem = checkLogo(logo, m_limits.maxLogoBytes)) {
        ++m_parsed.report.droppedLogos;
        warn(tr("The logo of %1 is not shown: %2").arg(organization, problem->message),
             problem->detail);
        return {};
    }
    return logo;
}

std::optional<Brand> Parser::readOrganization(const QJsonObject &resource)
{
    Brand brand;
    brand.id = text(resource, QLatin1String("id"));
    brand.name = text(resource, QLatin1String("name"));
    if (brand.name.isEmpty()) {
        ++m_parsed.report.skippedOrganizations;
        warn(tr("An organisation in the directory has no name; it is left out."),
             QStringLiteral("brands.no-name: Organization/%1").arg(brand.id));
        return std::nullopt;
    }
    const QJsonArray aliases = resource.value(QLatin1String("alias")).toArray();
    for (const QJsonValue &alias : aliases) {
        if (const QString value = alias.toString().trimmed(); !value.isEmpty())
            brand.aliases.append(value);
    }
    const QJsonArray identifiers = resource.value(QLatin1String("identifier")).toArray();
    for (const QJsonValue &identifier : identifiers) {
        const QJsonObject object = identifier.toObject();
        if (text(object, QLatin1String("system")) == urlIdentifierSystem) {
            if (const QString value = text(object, QLatin1String("value")); !value.isEmpty())
                brand.websites.append(value);
        }
    }
    const auto readAddress = [&brand](const QJsonObject &address) {
        BrandAddress value{
            text(address, QLatin1String("city")), text(address, QLatin1String("state")),
            text(address, QLatin1String("postalCode")), text(address, QLatin1String("country"))};
        if (value != BrandAddress{} && !brand.addresses.contains(value))
            brand.addresses.append(value);
    };
    const QJsonArray addresses = resource.value(QLatin1String("address")).toArray();
    for (const QJsonValue &address : addresses)
        readAddress(address.toObject());
    // The IG's examples also list the brand's locations as contact addresses.
    const QJsonArray contacts = resource.value(QLatin1String("contact")).toArray();
    for (const QJsonValue &contact : contacts)
        readAddress(contact.toObject().value(QLatin1String("address")).toObject());
    const QJsonArray types = resource.value(QLatin1String("type")).toArray();
    for (const QJsonValue &type : types) {
        const QJsonArray codings = type.toObject().value(QLatin1String("coding")).toArray();
        for (const QJsonValue &coding : codings) {
            if (const QString code = text(coding.toObject(), QLatin1String("code"));
                !code.isEmpty())
                brand.categories.append(code);
        }
    }
    brand.partOf =
        text(resource.value(QLatin1String("partOf")).toObject(), QLatin1String("reference"));

    const QList<BrandEndpoint> organizationEndpoints =
        resolve(resource.value(QLatin1String("endpoint")).toArray(), brand.name);
    const QJsonArray extensions = resource.value(QLatin1String("extension")).toArray();
    for (const QJsonValue &extension : extensions) {
        const QJsonObject object = extension.toObject();
        const QString url = object.value(QLatin1String("url")).toString();
        if (url == brandExtension) {
            const auto values = subExtensions(object);
            if (brand.logo.isEmpty())
                brand.logo = acceptedLogo(subText(values, "brandLogo"), brand.name);
            if (const QString bundle = subText(values, "brandBundle"); !bundle.isEmpty())
                brand.brandBundle = QUrl(bundle);
        } else if (url == portalExtension) {
            const auto values = subExtensions(object);
            BrandPortal portal;
            portal.name = subText(values, "portalName");
            portal.description = subText(values, "portalDescription");
            portal.url = QUrl(subText(values, "portalUrl"));
            portal.logo = acceptedLogo(subText(values, "portalLogo"), brand.name);
            portal.endpoints = resolve(values.values(QStringLiteral("portalEndpoint")), brand.name);
            // uab-1: portal endpoints also appear at Organization.endpoint; a portal naming none
            // serves the organisation's.
            if (portal.endpoints.isEmpty() &&
                values.values(QStringLiteral("portalEndpoint")).isEmpty())
                portal.endpoints = organizationEndpoints;
            if (!portal.endpoints.isEmpty())
                brand.portals.append(portal);
        }
    }
    if (brand.portals.isEmpty() && !organizationEndpoints.isEmpty())
        brand.portals.append(BrandPortal{{}, {}, {}, {}, organizationEndpoints});
    return brand;
}

void Parser::joinAffiliates(QList<Brand> &brands)
{
    QHash<QString, qsizetype> byReference;
    for (qsizetype i = 0; i < brands.size(); ++i) {
        if (!brands.at(i).id.isEmpty())
            byReference.insert(QStringLiteral("Organization/") + brands.at(i).id, i);
    }
    for (Brand &brand : brands) {
        if (brand.portals.isEmpty() && !brand.partOf.isEmpty()) {
            QString reference = brand.partOf;
            if (const qsizetype at = reference.lastIndexOf(QLatin1String("Organization/")); at > 0)
                reference = reference.mid(at);
            // The hierarchy is at most two deep: the parent's own portals, not its parent's.
            if (const auto parent = byReference.constFind(reference);
                parent != byReference.constEnd())
                brand.portals = brands.at(*parent).portals;
        }
    }
    QList<Brand> kept;
    kept.reserve(brands.size());
    for (Brand &brand : brands) {
        if (brand.portals.isEmpty()) {
            ++m_parsed.report.skippedOrganizations;
            warn(tr("%1 lists no FHIR endpoint Kete can use; it is left out.").arg(brand.name),
                 QStringLiteral("brands.no-endpoint: Organization/%1").arg(brand.id));
            continue;
        }
        kept.append(std::move(brand));
    }
    brands = std::move(kept);
}

QList<Brand> Parser::mergeSameIdentifier(QList<Brand> brands)
{
    QHash<QString, qsizetype> byWebsite;
    QList<Brand> merged;
    merged.reserve(brands.size());
    for (Brand &brand : brands) {
        std::optional<qsizetype> into;
        for (const QString &website : std::as_const(brand.websites)) {
            if (const auto found = byWebsite.constFind(website); found != byWebsite.constEnd()) {
                into = *found;
                break;
            }
        }
        if (!into) {
            for (const QString &website : std::as_const(brand.websites))
                byWebsite.insert(website, merged.size());
            merged.append(std::move(brand));
            continue;
        }
        ++m_parsed.report.mergedOrganizations;
        Brand &target = merged[*into];
        const auto addAll = [](auto &to, const auto &from) {
            for (const auto &item : from) {
                if (!to.contains(item))
                    to.append(item);
            }
        };
        if (brand.name != target.name && !target.aliases.contains(brand.name))
            target.aliases.append(brand.name);
        addAll(target.aliases, brand.aliases);
        addAll(target.websites, brand.websites);
        addAll(target.addresses, brand.addresses);
        addAll(target.categories, brand.categories);
        addAll(target.portals, brand.portals);
        if (target.logo.isEmpty())
            target.logo = brand.logo;
        if (target.brandBundle.isEmpty())
            target.brandBundle = brand.brandBundle;
        for (const QString &website : std::as_const(brand.websites))
            byWebsite.insert(website, *into);
    }
    return merged;
}

bool looksLikeImage(const QByteArray &bytes, QStringView mediaType)
{
    if (mediaType == u"image/png")
        return bytes.startsWith("\x89PNG\r\n\x1a\n");
    if (mediaType == u"image/jpeg")
        return bytes.startsWith("\xff\xd8\xff");
    if (mediaType == u"image/gif")
        return bytes.startsWith("GIF87a") || bytes.startsWith("GIF89a");
    if (mediaType == u"image/webp")
        return bytes.startsWith("RIFF") && bytes.mid(8, 4) == "WEBP";
    if (mediaType == u"image/svg+xml")
        return bytes.left(512).contains("<svg");
    return false;
}

} // namespace

std::optional<Error> checkLogo(const QUrl &logo, qsizetype maxBytes)
{
    if (logo.scheme() != QLatin1String("data")) {
        if (std::optional<Error> refused = checkTransport(logo))
            return Error{QCoreApplication::translate("kete::brands::Parser",
                                                     "it is not at a secure (https) address."),
                         QStringLiteral("brands.logo-refused: %1").arg(refused->detail)};
        return std::nullopt;
    }
    // data:[<media type>][;base64],<data>
    const QString path = logo.path(QUrl::FullyEncoded);
    const qsizetype comma = path.indexOf(QLatin1Char(','));
    const QString header = path.left(comma);
    const QString mediaType = header.section(QLatin1Char(';'), 0, 0).toLower();
    if (comma < 0 || !header.endsWith(QLatin1String(";base64")))
        return Error{QCoreApplication::translate("kete::brands::Parser", "it is not an image."),
                     QStringLiteral("brands.logo-not-base64")};
    // A base64 text of n characters holds about 3n/4 bytes: refuse before decoding.
    const qsizetype encodedLength = path.size() - comma - 1;
    if (encodedLength / 4 * 3 > maxBytes + 3)
        return Error{QCoreApplication::translate("kete::brands::Parser", "it is larger than %1 KB.")
                         .arg(maxBytes / 1024),
                     QStringLiteral("brands.logo-too-large: %1 encoded bytes").arg(encodedLength)};
    const auto decoded = QByteArray::fromBase64Encoding(
        QByteArray::fromPercentEncoding(path.mid(comma + 1).toLatin1()),
        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !looksLikeImage(decoded.decoded, mediaType))
        return Error{QCoreApplication::translate("kete::brands::Parser", "it is not an image."),
                     QStringLiteral("brands.logo-not-image: %1").arg(mediaType)};
    if (decoded.decoded.size() > maxBytes)
        return Error{QCoreApplication::translate("kete::brands::Parser", "it is larger than %1 KB.")
                         .arg(maxBytes / 1024),
                     QStringLiteral("brands.logo-too-large: %1 bytes").arg(decoded.decoded.size())};
    return std::nullopt;
}

Result<ParsedBrands> parseBrandsBundle(const QByteArray &json, const ParseLimits &limits)
{
    return Parser(limits).parse(json);
}

QList<ProviderEntry> providerEntries(const QList<Brand> &brands)
{
    QList<ProviderEntry> entries;
    entries.reserve(brands.size());
    for (const Brand &brand : brands) {
        for (const BrandPortal &portal : brand.portals) {
            entries.append(ProviderEntry{brand.name, brand.aliases, brand.websites, brand.addresses,
                                         brand.logo, portal.name, portal.description, portal.url,
                                         portal.logo, portal.endpoints});
        }
    }
    return entries;
}

QList<Brand> mergeBrands(const QList<Brand> &preferred, const QList<Brand> &others)
{
    QSet<QString> websites;
    for (const Brand &brand : preferred) {
        for (const QString &website : brand.websites)
            websites.insert(website);
    }
    QList<Brand> merged = preferred;
    for (const Brand &brand : others) {
        const bool known = std::any_of(brand.websites.cbegin(), brand.websites.cend(),
                                       [&](const QString &w) { return websites.contains(w); });
        if (!known)
            merged.append(brand);
    }
    return merged;
}

} // namespace kete::brands
