#include "brands/brandsdirectory.h"
#include "brands/brandsfetcher.h"
#include "brands/brandsfixture.h"
#include "common/crypto.h"
#include "sandbox/server/sandboxserver.h"
#include "smart/smartconfiguration.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::brands;
using namespace kete::brands::fixture;

Q_DECLARE_METATYPE(kete::brands::FetchedDirectory)
Q_DECLARE_METATYPE(kete::Error)

// The brands Bundle the sandbox publishes, fetched by the app's BrandsFetcher over real HTTP on
// 127.0.0.1: named in the smart-configuration, refreshed by ETag, and by content hash when the
// server sends no ETag.
class TestSandboxBrands : public QObject
{
    Q_OBJECT

private:
    struct Outcome
    {
        std::optional<FetchedDirectory> fetched;
        std::optional<Error> error;
    };

    Outcome fetch(BrandsFetcher &fetcher, const QUrl &url, const DirectoryValidators &known = {})
    {
        Outcome outcome;
        QSignalSpy done(&fetcher, &BrandsFetcher::fetched);
        QSignalSpy failed(&fetcher, &BrandsFetcher::failed);
        fetcher.fetch(url, known);
        if (!QTest::qWaitFor([&] { return done.size() + failed.size() > 0; }, 30000))
            return outcome;
        if (!done.isEmpty())
            outcome.fetched = done.constFirst().constFirst().value<FetchedDirectory>();
        else
            outcome.error = failed.constFirst().constFirst().value<Error>();
        return outcome;
    }

    static QJsonObject smartConfigurationOf(QNetworkAccessManager &network, const QUrl &base)
    {
        QNetworkReply *reply = network.get(
            QNetworkRequest(QUrl(base.toString() + s("/.well-known/smart-configuration"))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(10000);
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<FetchedDirectory>();
        qRegisterMetaType<Error>();
    }

    void smartConfigurationNamesTheBundleOfTheDemoProvider()
    {
        sandbox::SandboxServer server({});
        const Result<QUrl> base = server.start();
        QVERIFY(base.ok());
        QNetworkAccessManager network;
        const QJsonObject json = smartConfigurationOf(network, *base);
        const Result<smart::SmartConfiguration> config =
            smart::SmartConfiguration::fromWellKnown(json, *base);
        QVERIFY(config.ok());
        QCOMPARE(config->userAccessBrandBundle, server.brandsBundleUrl());
        QCOMPARE(config->userAccessBrandIdentifier, s("https://demo.kete.example.org"));
        // Where the patient sees and ends the apps' access: a page the sandbox serves.
        QUrl manage = *base;
        manage.setPath(s("/auth/manage"));
        QCOMPARE(config->managementEndpoint, manage);
        QNetworkReply *page = network.get(QNetworkRequest(manage));
        QSignalSpy pageFinished(page, &QNetworkReply::finished);
        QVERIFY(pageFinished.wait(10000));
        page->deleteLater();
        QCOMPARE(page->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(page->readAll().contains("Apps with access to your record"));

        BrandsFetcher fetcher(&network);
        const Outcome outcome = fetch(fetcher, config->userAccessBrandBundle);
        QVERIFY(outcome.fetched);
        const Result<LoadedDirectory> directory = loadDirectory(outcome.fetched->bundle, {});
        QVERIFY(directory.ok());
        // The sandbox's own brand points at the sandbox itself.
        const QList<BrandsIndex::Hit> hits = directory->index->search(s("kete demo"));
        QCOMPARE(hits.size(), 1);
        const ProviderEntry &demo = directory->index->entries().at(hits.constFirst().entry);
        QCOMPARE(demo.fhirBase(), *base);
        QVERIFY(demo.websites.contains(config->userAccessBrandIdentifier));
    }

    void etagRefresh()
    {
        sandbox::SandboxServer server({});
        QVERIFY(server.start().ok());
        QNetworkAccessManager network;
        BrandsFetcher fetcher(&network);

        const Outcome first = fetch(fetcher, server.brandsBundleUrl());
        QVERIFY(first.fetched);
        QCOMPARE(first.fetched->status, FetchedDirectory::Status::Updated);
        QCOMPARE(first.fetched->validators.etag, server.brands().etag());
        QVERIFY(!first.fetched->bundle.isEmpty());

        // The same ETag: 304, nothing downloaded.
        const Outcome second = fetch(fetcher, server.brandsBundleUrl(), first.fetched->validators);
        QVERIFY(second.fetched);
        QCOMPARE(second.fetched->status, FetchedDirectory::Status::Unchanged);
        QVERIFY(second.fetched->bundle.isEmpty());
        QCOMPARE(second.fetched->validators.etag, first.fetched->validators.etag);
        QCOMPARE(server.brands().notModifiedReplies(), 1);
        QCOMPARE(server.brands().fullReplies(), 1);

        // The vendor publishes a new bundle: a new ETag and the new bytes.
        Org org(s("n"), s("Newly Listed Clinic"));
        org.endpoints = {s("Endpoint/e")};
        const QByteArray changed = bundle(
            {entry(organization(org)), entry(endpoint(s("e"), s("https://e.example.org/fhir")))});
        server.brands().setBundle(changed);
        const Outcome third = fetch(fetcher, server.brandsBundleUrl(), first.fetched->validators);
        QVERIFY(third.fetched);
        QCOMPARE(third.fetched->status, FetchedDirectory::Status::Updated);
        QCOMPARE(third.fetched->bundle, changed);
        QVERIFY(third.fetched->validators.etag != first.fetched->validators.etag);
    }

    void hashRefreshWithoutEtag()
    {
        sandbox::SandboxOptions options;
        options.brandsEtag = false;
        sandbox::SandboxServer server(options);
        QVERIFY(server.start().ok());
        QNetworkAccessManager network;
        BrandsFetcher fetcher(&network);

        const Outcome first = fetch(fetcher, server.brandsBundleUrl());
        QVERIFY(first.fetched);
        QVERIFY(first.fetched->validators.etag.isEmpty());
        QCOMPARE(first.fetched->validators.contentHash, crypto::sha256(first.fetched->bundle));

        // Downloaded again (no ETag to ask with), recognised as the same bytes.
        const Outcome second = fetch(fetcher, server.brandsBundleUrl(), first.fetched->validators);
        QVERIFY(second.fetched);
        QCOMPARE(second.fetched->status, FetchedDirectory::Status::Unchanged);
        QVERIFY(second.fetched->bundle.isEmpty());
        QCOMPARE(server.brands().fullReplies(), 2);
        QCOMPARE(server.brands().notModifiedReplies(), 0);

        server.brands().setBundle(first.fetched->bundle + "\n");
        const Outcome third = fetch(fetcher, server.brandsBundleUrl(), first.fetched->validators);
        QVERIFY(third.fetched);
        QCOMPARE(third.fetched->status, FetchedDirectory::Status::Updated);
        QVERIFY(third.fetched->validators.contentHash != first.fetched->validators.contentHash);
    }

    void servesABundleFromFile()
    {
        QTemporaryDir dir;
        Org org(s("f"), s("File Served Clinic"));
        org.endpoints = {s("Endpoint/e")};
        const QByteArray json = bundle(
            {entry(organization(org)), entry(endpoint(s("e"), s("https://e.example.org/fhir")))});
        QFile file(dir.filePath(s("brands.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        sandbox::SandboxOptions options;
        options.brandsFile = file.fileName();
        sandbox::SandboxServer server(options);
        QVERIFY(server.start().ok());
        QNetworkAccessManager network;
        BrandsFetcher fetcher(&network);
        const Outcome outcome = fetch(fetcher, server.brandsBundleUrl());
        QVERIFY(outcome.fetched);
        QCOMPARE(outcome.fetched->bundle, json);

        sandbox::SandboxOptions missing;
        missing.brandsFile = dir.filePath(s("missing.json"));
        sandbox::SandboxServer failing(missing);
        QVERIFY(!failing.start().ok());
    }

    void refusesInsecureTooLargeAndFailedFetches()
    {
        sandbox::SandboxServer server({});
        QVERIFY(server.start().ok());
        QNetworkAccessManager network;
        BrandsFetcher fetcher(&network);

        const Outcome insecure = fetch(fetcher, QUrl(s("http://brands.example.org/bundle.json")));
        QVERIFY(insecure.error);
        QCOMPARE(insecure.error->code, ErrorCode::InsecureTransport);

        fetcher.setMaxBytes(512);
        const Outcome large = fetch(fetcher, server.brandsBundleUrl());
        QVERIFY(large.error);
        QCOMPARE(large.error->code, ErrorCode::TooLarge);
        QVERIFY(!large.error->message.isEmpty());

        fetcher.setMaxBytes(1 << 20);
        QUrl notThere = server.brandsBundleUrl();
        notThere.setPath(s("/brands/none.json"));
        const Outcome missing = fetch(fetcher, notThere);
        QVERIFY(missing.error);
        QCOMPARE(missing.error->code, ErrorCode::HttpStatus);
    }

    void smartConfigurationLinksKeptOnlyWhenSafe()
    {
        const QUrl base(s("https://fhir.example.org/r4"));
        QJsonObject json{{s("authorization_endpoint"), s("https://fhir.example.org/auth")},
                         {s("token_endpoint"), s("https://fhir.example.org/token")},
                         {s("management_endpoint"), s("https://fhir.example.org/apps")},
                         {s("user_access_brand_bundle"), s("https://fhir.example.org/brands.json")},
                         {s("user_access_brand_identifier"), s("https://example.org")}};
        Result<smart::SmartConfiguration> config =
            smart::SmartConfiguration::fromWellKnown(json, base);
        QVERIFY(config.ok());
        QCOMPARE(config->managementEndpoint, QUrl(s("https://fhir.example.org/apps")));
        QCOMPARE(config->userAccessBrandBundle, QUrl(s("https://fhir.example.org/brands.json")));
        QCOMPARE(config->userAccessBrandIdentifier, s("https://example.org"));

        json.insert(s("user_access_brand_bundle"), s("http://fhir.example.org/brands.json"));
        json.insert(s("management_endpoint"), s("http://fhir.example.org/apps"));
        config = smart::SmartConfiguration::fromWellKnown(json, base);
        QVERIFY(config.ok());
        QVERIFY(config->userAccessBrandBundle.isEmpty());
        QVERIFY(config->managementEndpoint.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSandboxBrands)
#include "tst_sandboxbrands.moc"
