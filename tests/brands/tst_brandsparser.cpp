#include "brands/brandsfixture.h"
#include "brands/brandsparser.h"

#include <QTest>

using namespace kete;
using namespace kete::brands;
using namespace kete::brands::fixture;

class TestBrandsParser : public QObject
{
    Q_OBJECT

private:
    static ParsedBrands parsed(const QByteArray &json, const ParseLimits &limits = {})
    {
        Result<ParsedBrands> result = parseBrandsBundle(json, limits);
        if (!result)
            qWarning() << result.error().detail;
        return result ? std::move(result).value() : ParsedBrands{};
    }

    static bool warned(const ParseReport &report, const char *detail)
    {
        return std::any_of(report.warnings.cbegin(), report.warnings.cend(),
                           [&](const Error &e) { return e.detail.startsWith(s(detail)); });
    }

private Q_SLOTS:
    void readsEveryField()
    {
        Org org(s("o1"), s("Harbourside Hospital"), {s("Harbourside Health"), s("HH")},
                s("https://harbourside.example.org"), s("Dunedin"));
        org.state = s("Otago");
        org.postalCode = s("9016");
        org.country = s("NZ");
        org.logo = pngDataUrl();
        org.brandBundle = s("https://harbourside.example.org/affiliates.json");
        org.portals = {Portal{s("MyChart"),
                              s("Your *records*"),
                              s("https://my.example.org"),
                              s("https://my.example.org/logo.svg"),
                              {s("urn:uuid:e1")}}};
        org.endpoints = {s("urn:uuid:e1")};
        const QJsonArray entries{
            entry(organization(org), s("https://dir.example.org/Organization/o1")),
            entry(endpoint(s("e1"), s("https://fhir.example.org/r4/")), s("urn:uuid:e1"))};
        const ParsedBrands result = parsed(bundle(entries));
        QCOMPARE(result.report.organizations, 1);
        QCOMPARE(result.report.endpoints, 1);
        QCOMPARE(result.report.problems(), 0);
        QCOMPARE(result.report.timestamp, QDateTime(QDate(2026, 11, 30), QTime(10, 0), Qt::UTC));
        QCOMPARE(result.brands.size(), 1);
        const Brand &brand = result.brands.constFirst();
        QCOMPARE(brand.id, s("o1"));
        QCOMPARE(brand.name, s("Harbourside Hospital"));
        QCOMPARE(brand.aliases, QStringList({s("Harbourside Health"), s("HH")}));
        QCOMPARE(brand.websites, QStringList{s("https://harbourside.example.org")});
        QCOMPARE(brand.addresses.size(), 1);
        QCOMPARE(brand.addresses.constFirst(),
                 (BrandAddress{s("Dunedin"), s("Otago"), s("9016"), s("NZ")}));
        QCOMPARE(brand.logo, QUrl(pngDataUrl()));
        QCOMPARE(brand.brandBundle, QUrl(s("https://harbourside.example.org/affiliates.json")));
        QCOMPARE(brand.portals.size(), 1);
        const BrandPortal &portal = brand.portals.constFirst();
        QCOMPARE(portal.name, s("MyChart"));
        QCOMPARE(portal.description, s("Your *records*"));
        QCOMPARE(portal.url, QUrl(s("https://my.example.org")));
        QCOMPARE(portal.logo, QUrl(s("https://my.example.org/logo.svg")));
        QCOMPARE(portal.endpoints.size(), 1);
        QCOMPARE(portal.endpoints.constFirst().address, QUrl(s("https://fhir.example.org/r4")));
        QCOMPARE(portal.endpoints.constFirst().fhirVersion, s("4.0.1"));
        QCOMPARE(portal.endpoints.constFirst().name, s("FHIR e1"));

        const QList<ProviderEntry> entriesOut = providerEntries(result.brands);
        QCOMPARE(entriesOut.size(), 1);
        QCOMPARE(entriesOut.constFirst().city(), s("Dunedin"));
        QCOMPARE(entriesOut.constFirst().logo(), QUrl(s("https://my.example.org/logo.svg")));
        QCOMPARE(entriesOut.constFirst().fhirBase(), QUrl(s("https://fhir.example.org/r4")));
    }

    void resolvesEndpointReferencesEveryWay()
    {
        Org byId(s("a"), s("Alpha Clinic"));
        byId.endpoints = {s("Endpoint/plain")};
        Org absolute(s("b"), s("Beta Clinic"));
        absolute.endpoints = {s("https://dir.example.org/fhir/Endpoint/plain")};
        Org byFullUrl(s("c"), s("Gamma Clinic"));
        byFullUrl.endpoints = {s("https://dir.example.org/Endpoint/full")};
        const QJsonArray entries{
            entry(organization(byId)), entry(organization(absolute)),
            entry(organization(byFullUrl)),
            entry(endpoint(s("plain"), s("https://plain.example.org/fhir"), {})),
            entry(endpoint(s("x"), s("https://full.example.org/fhir")),
                  s("https://dir.example.org/Endpoint/full"))};
        const ParsedBrands result = parsed(bundle(entries));
        QCOMPARE(result.brands.size(), 3);
        QCOMPARE(result.brands.at(0).portals.constFirst().endpoints.constFirst().address,
                 QUrl(s("https://plain.example.org/fhir")));
        QCOMPARE(result.brands.at(1).portals.constFirst().endpoints.constFirst().address,
                 QUrl(s("https://plain.example.org/fhir")));
        QCOMPARE(result.brands.at(2).portals.constFirst().endpoints.constFirst().address,
                 QUrl(s("https://full.example.org/fhir")));
        // An organisation's endpoint without a portal extension: a portal without a name.
        QVERIFY(result.brands.at(0).portals.constFirst().name.isEmpty());
        QVERIFY(
            result.brands.at(0).portals.constFirst().endpoints.constFirst().fhirVersion.isEmpty());
    }

    void onePortalOneEntryTwoPortalsTwoEntries()
    {
        Org org(s("o"), s("Twin Health"));
        org.portals = {Portal{s("Adults"), {}, {}, {}, {s("urn:uuid:1")}},
                       Portal{s("Children"), {}, {}, {}, {s("urn:uuid:2")}}};
        org.endpoints = {s("urn:uuid:1"), s("urn:uuid:2")};
        const QJsonArray entries{
            entry(organization(org)),
            entry(endpoint(s("1"), s("https://adults.example.org/fhir")), s("urn:uuid:1")),
            entry(endpoint(s("2"), s("https://kids.example.org/fhir"), s("3.0.2")),
                  s("urn:uuid:2"))};
        const QList<ProviderEntry> out = providerEntries(parsed(bundle(entries)).brands);
        QCOMPARE(out.size(), 2);
        QCOMPARE(out.at(0).portalName, s("Adults"));
        QCOMPARE(out.at(1).portalName, s("Children"));
        QCOMPARE(out.at(1).endpoints.constFirst().fhirVersion, s("3.0.2"));
    }

    void brandsSharingAnIdentifierAreMerged()
    {
        Org first(s("a"), s("Summit Health"), {s("Summit")}, s("https://summit.example.org"),
                  s("Nelson"));
        first.endpoints = {s("Endpoint/e")};
        Org second(s("b"), s("Summit Health Clinics"), {s("SHC")}, s("https://summit.example.org"),
                   s("Richmond"));
        second.portals = {Portal{s("Summit Kids"), {}, {}, {}, {s("Endpoint/k")}}};
        second.endpoints = {s("Endpoint/k")};
        const QJsonArray entries{entry(organization(first)), entry(organization(second)),
                                 entry(endpoint(s("e"), s("https://e.example.org/fhir"))),
                                 entry(endpoint(s("k"), s("https://k.example.org/fhir")))};
        const ParsedBrands result = parsed(bundle(entries));
        QCOMPARE(result.report.mergedOrganizations, 1);
        QCOMPARE(result.brands.size(), 1);
        const Brand &brand = result.brands.constFirst();
        QCOMPARE(brand.name, s("Summit Health"));
        QCOMPARE(brand.aliases, QStringList({s("Summit"), s("Summit Health Clinics"), s("SHC")}));
        QCOMPARE(brand.addresses.size(), 2);
        QCOMPARE(brand.portals.size(), 2);
    }

    void mergeBrandsPrefersTheServersOwn()
    {
        const auto brand = [](const char *name, const char *website) {
            Brand b;
            b.name = s(name);
            b.websites = {s(website)};
            return b;
        };
        const Brand ours = brand("Old Name", "https://a.example.org");
        const Brand theirs = brand("Server Name", "https://a.example.org");
        const Brand other = brand("Other", "https://b.example.org");
        const QList<Brand> merged = mergeBrands({theirs}, {ours, other});
        QCOMPARE(merged.size(), 2);
        QCOMPARE(merged.at(0).name, s("Server Name"));
        QCOMPARE(merged.at(1).name, s("Other"));
    }

    void affiliateUsesItsParentsPortal()
    {
        Org parent(s("p"), s("Regional Health"));
        parent.portals = {Portal{s("Regional Portal"), {}, {}, {}, {s("urn:uuid:r")}}};
        parent.endpoints = {s("urn:uuid:r")};
        Org affiliate(s("f"), s("Lakeside Clinic"));
        affiliate.partOf = s("Organization/p");
        Org absoluteAffiliate(s("g"), s("Hillside Clinic"));
        absoluteAffiliate.partOf = s("https://dir.example.org/Organization/p");
        const QJsonArray entries{
            entry(organization(affiliate)), entry(organization(parent)),
            entry(organization(absoluteAffiliate)),
            entry(endpoint(s("r"), s("https://regional.example.org/fhir")), s("urn:uuid:r"))};
        const ParsedBrands result = parsed(bundle(entries));
        QCOMPARE(result.brands.size(), 3);
        QCOMPARE(result.report.skippedOrganizations, 0);
        QCOMPARE(result.brands.at(0).name, s("Lakeside Clinic"));
        QCOMPARE(result.brands.at(0).partOf, s("Organization/p"));
        QCOMPARE(result.brands.at(0).portals.constFirst().name, s("Regional Portal"));
        QCOMPARE(result.brands.at(2).portals.constFirst().name, s("Regional Portal"));
    }

    void organizationWithoutEndpointIsSkippedAndCounted()
    {
        Org good(s("g"), s("Good Clinic"));
        good.endpoints = {s("Endpoint/e")};
        Org none(s("n"), s("No Endpoint Clinic"));
        Org dangling(s("d"), s("Dangling Clinic"));
        dangling.endpoints = {s("Endpoint/missing")};
        Org nameless(s("x"), {});
        nameless.endpoints = {s("Endpoint/e")};
        const QJsonArray entries{entry(organization(good)),
                                 entry(organization(none)),
                                 entry(organization(dangling)),
                                 entry(organization(nameless)),
                                 entry(endpoint(s("e"), s("https://e.example.org/fhir"))),
                                 QJsonValue(s("not an entry"))};
        const ParsedBrands result = parsed(bundle(entries));
        QCOMPARE(result.brands.size(), 1);
        QCOMPARE(result.brands.constFirst().name, s("Good Clinic"));
        QCOMPARE(result.report.organizations, 4);
        QCOMPARE(result.report.skippedOrganizations, 3);
        QVERIFY(warned(result.report, "brands.no-endpoint: Organization/n"));
        QVERIFY(warned(result.report, "brands.endpoint-missing: Endpoint/missing"));
        QVERIFY(warned(result.report, "brands.no-name: Organization/x"));
        for (const Error &warning : result.report.warnings)
            QVERIFY(!warning.message.isEmpty());
    }

    void insecureEndpointIsRefusedLoopbackKept()
    {
        Org plain(s("p"), s("Plain Clinic"));
        plain.endpoints = {s("Endpoint/http")};
        Org mixed(s("m"), s("Mixed Clinic"));
        mixed.endpoints = {s("Endpoint/http"), s("Endpoint/https")};
        Org local(s("l"), s("Local Sandbox"));
        local.endpoints = {s("Endpoint/loop")};
        const QJsonArray entries{entry(organization(plain)),
                                 entry(organization(mixed)),
                                 entry(organization(local)),
                                 entry(endpoint(s("http"), s("http://fhir.example.org/r4"))),
                                 entry(endpoint(s("https"), s("https://fhir.example.org/r4"))),
                                 entry(endpoint(s("loop"), s("http://127.0.0.1:8080/fhir"))),
                                 entry(endpoint(s("bad"), s("not a url at all")))};
        const ParsedBrands result = parsed(bundle(entries));
        QCOMPARE(result.report.refusedEndpoints, 2);
        QVERIFY(warned(result.report, "brands.endpoint-refused: Endpoint/http transport.insecure"));
        QCOMPARE(result.brands.size(), 2);
        QCOMPARE(result.brands.at(0).name, s("Mixed Clinic"));
        QCOMPARE(result.brands.at(0).portals.constFirst().endpoints.size(), 1);
        QCOMPARE(result.brands.at(0).portals.constFirst().endpoints.constFirst().address.scheme(),
                 s("https"));
        QCOMPARE(result.brands.at(1).portals.constFirst().endpoints.constFirst().address,
                 QUrl(s("http://127.0.0.1:8080/fhir")));
        QCOMPARE(result.report.skippedOrganizations, 1); // Plain Clinic
    }

    void badLogosAreDroppedTheBrandKept_data()
    {
        QTest::addColumn<QString>("logo");
        QTest::addColumn<QString>("detail");
        QTest::newRow("http") << s("http://logo.example.org/a.png") << s("brands.logo-refused");
        QTest::newRow("text") << s("data:text/plain;base64,aGVsbG8=") << s("brands.logo-not-image");
        QTest::newRow("png that is not")
            << s("data:image/png;base64,aGVsbG8=") << s("brands.logo-not-image");
        QTest::newRow("not base64")
            << s("data:image/svg+xml,<svg/>") << s("brands.logo-not-base64");
        const QByteArray big = QByteArray("\x89PNG\r\n\x1a\n") + QByteArray(70 * 1024, 'x');
        QTest::newRow("too large")
            << s("data:image/png;base64,") + QString::fromLatin1(big.toBase64())
            << s("brands.logo-too-large");
    }

    void badLogosAreDroppedTheBrandKept()
    {
        QFETCH(QString, logo);
        QFETCH(QString, detail);
        Org org(s("o"), s("Logo Clinic"));
        org.logo = logo;
        org.endpoints = {s("Endpoint/e")};
        const ParsedBrands result = parsed(bundle(
            {entry(organization(org)), entry(endpoint(s("e"), s("https://e.example.org/fhir")))}));
        QCOMPARE(result.brands.size(), 1);
        QVERIFY(result.brands.constFirst().logo.isEmpty());
        QCOMPARE(result.report.droppedLogos, 1);
        QVERIFY2(warned(result.report, detail.toUtf8().constData()),
                 qPrintable(result.report.warnings.value(0).detail));
    }

    void goodLogosAreKept()
    {
        QVERIFY(!checkLogo(QUrl(pngDataUrl()), 1024));
        QVERIFY(!checkLogo(QUrl(s("https://logo.example.org/a.svg")), 1024));
        const QString svg =
            s("data:image/svg+xml;base64,") +
            QString::fromLatin1(
                QByteArray("<svg xmlns=\"http://www.w3.org/2000/svg\"/>").toBase64());
        QVERIFY(!checkLogo(QUrl(svg), 1024));
        QVERIFY(checkLogo(QUrl(pngDataUrl()), 10)); // over a smaller limit
    }

    void malformedJsonIsAClearError()
    {
        const Result<ParsedBrands> result = parseBrandsBundle("{\"resourceType\":\"Bundle\",");
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::FhirUnreadable);
        QVERIFY(result.error().message.contains(s("not valid JSON")));
        QVERIFY(result.error().detail.startsWith(s("brands.json")));
    }

    void notABundleIsAClearError()
    {
        const Result<ParsedBrands> result = parseBrandsBundle("{\"resourceType\":\"Patient\"}");
        QVERIFY(!result);
        QVERIFY(result.error().detail.startsWith(s("brands.not-bundle")));
        QVERIFY(!parseBrandsBundle("[1,2,3]"));
    }

    void hugeBundleIsRefusedBeforeParsing()
    {
        ParseLimits limits;
        limits.maxBundleBytes = 1024;
        const QByteArray json = bundle({entry(
            endpoint(s("e"), s("https://e.example.org/") + QString(2000, QLatin1Char('a'))))});
        const Result<ParsedBrands> result = parseBrandsBundle(json, limits);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::TooLarge);
        QVERIFY(parseBrandsBundle(json).ok());
    }

    void otherBundleTypeIsReadWithAWarning()
    {
        Org org(s("o"), s("Searchset Clinic"));
        org.endpoints = {s("Endpoint/e")};
        const ParsedBrands result = parsed(bundle(
            {entry(organization(org)), entry(endpoint(s("e"), s("https://e.example.org/fhir")))},
            s("searchset")));
        QCOMPARE(result.brands.size(), 1);
        QVERIFY(warned(result.report, "brands.bundle-type: searchset"));
    }

    void warningsAreCappedCountsAreNot()
    {
        QJsonArray entries;
        for (int i = 0; i < 30; ++i)
            entries.append(entry(organization(Org(QString::number(i), s("Nowhere %1").arg(i)))));
        ParseLimits limits;
        limits.maxWarnings = 5;
        const ParsedBrands result = parsed(bundle(entries), limits);
        QCOMPARE(result.report.skippedOrganizations, 30);
        QCOMPARE(result.report.warnings.size(), 5);
    }

    void shippedStyleContactAddressesAreRead()
    {
        QJsonObject org = organization(Org(s("o"), s("Contact Clinic")));
        org.insert(s("endpoint"), QJsonArray{reference(s("Endpoint/e"))});
        org.insert(s("contact"),
                   QJsonArray{QJsonObject{{s("address"), QJsonObject{{s("city"), s("Napa")},
                                                                     {s("state"), s("CA")}}}},
                              QJsonObject{{s("address"), QJsonObject{{s("city"), s("Sonoma")}}}}});
        const ParsedBrands result =
            parsed(bundle({entry(org), entry(endpoint(s("e"), s("https://e.example.org/fhir")))}));
        QCOMPARE(result.brands.constFirst().addresses.size(), 2);
        QCOMPARE(result.brands.constFirst().addresses.at(1).city, s("Sonoma"));
    }
};

QTEST_GUILESS_MAIN(TestBrandsParser)
#include "tst_brandsparser.moc"
