#include "brands/brandsfixture.h"
#include "brands/providersearch.h"
#include "brands/remotedirectory.h"
#include "dialogs/dialogs.h"
#include "sandbox/server/sandboxserver.h"
#include "shell/mainwindow.h"
#include "shell/welcomepage.h"
#include "signin/connectdialog.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QListView>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::brands;
using namespace kete::brands::fixture;

// A provider directory imported from an address (here the sandbox's, over real HTTP on
// 127.0.0.1): read off the GUI thread, kept with its address and ETag or content hash, refreshed
// with If-None-Match or by hash at the next start (the index kept when unchanged), and never
// replaced by a download that cannot be read. Then the same through File → Import provider
// directory from an address… and Refresh provider directory in the real window.
class TestBrandsUrlImport : public QObject
{
    Q_OBJECT

    struct Outcome
    {
        std::optional<LoadedDirectory> directory;
        bool changed = false;
        std::optional<Error> error;
    };

    // Runs `start` and waits for its one outcome.
    static Outcome run(RemoteDirectory &remote, const std::function<void()> &start)
    {
        Outcome outcome;
        bool done = false;
        const QMetaObject::Connection loaded =
            connect(&remote, &RemoteDirectory::loaded, &remote,
                    [&](const LoadedDirectory &directory, bool changed) {
                        outcome.directory = directory;
                        outcome.changed = changed;
                        done = true;
                    });
        const QMetaObject::Connection failed =
            connect(&remote, &RemoteDirectory::failed, &remote, [&](const Error &error) {
                outcome.error = error;
                done = true;
            });
        start();
        if (!QTest::qWaitFor([&] { return done; }, 30000))
            qWarning("no outcome within 30 s");
        disconnect(loaded);
        disconnect(failed);
        return outcome;
    }

    static QStringList namesFound(const BrandsIndex &index, const QString &query)
    {
        QStringList names;
        for (const BrandsIndex::Hit &hit : index.search(query))
            names.append(index.entries().at(hit.entry).brandName);
        return names;
    }

    // A vendor's directory: one good clinic, and one of each kind of entry left out.
    static QByteArray vendorBundle(const QString &clinicName = s("Island Clinic"))
    {
        Org good(s("good"), clinicName, {}, s("https://island.example.org"), s("Stewart Island"));
        good.endpoints = {s("Endpoint/good")};
        Org insecure(s("insecure"), s("Plain Clinic"));
        insecure.endpoints = {s("Endpoint/plain")};
        Org noEndpoint(s("none"), s("Nowhere Clinic"));
        Org badLogo(s("logo"), s("Logo Clinic"));
        badLogo.logo = s("data:text/plain;base64,aGVsbG8=");
        badLogo.endpoints = {s("Endpoint/good")};
        return bundle({entry(organization(good)), entry(organization(insecure)),
                       entry(organization(noEndpoint)), entry(organization(badLogo)),
                       entry(endpoint(s("good"), s("https://fhir.island.example.org/r4"))),
                       entry(endpoint(s("plain"), s("http://plain.example.org/fhir")))});
    }

    static void forgetRemoteDirectory()
    {
        const QString folder = QFileInfo(remoteDirectoryFile()).absolutePath();
        QFile::remove(remoteDirectoryFile());
        QFile::remove(folder + s("/remote-source.json"));
        QFile::remove(defaultCacheFile(s("remote")));
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void init() { forgetRemoteDirectory(); }
    void cleanupTestCase() { forgetRemoteDirectory(); }

    void importsAnAddressAndRefreshesItByEtag()
    {
        sandbox::SandboxServer server({});
        QVERIFY(server.start().ok());
        QNetworkAccessManager network;
        const QUrl url = server.brandsBundleUrl();
        {
            RemoteDirectory remote(&network);
            QVERIFY(!RemoteDirectory::savedSource());
            const Outcome imported = run(remote, [&] { remote.import(url); });
            QVERIFY(imported.directory);
            QVERIFY(imported.changed);
            QVERIFY(namesFound(*imported.directory->index, s("wellin"))
                        .contains(s("Kete Demo Health")));
            const std::optional<RemoteSource> saved = RemoteDirectory::savedSource();
            QVERIFY(saved);
            QCOMPARE(saved->url, url);
            QCOMPARE(saved->validators.etag, server.brands().etag());
            QVERIFY(QFile::exists(remoteDirectoryFile()));
        }
        // The next start: the same address asked with If-None-Match; 304 keeps the index,
        // read from the cache without parsing the bundle again.
        RemoteDirectory nextStart(&network);
        const Outcome unchanged = run(nextStart, [&] { QVERIFY(nextStart.refresh()); });
        QVERIFY(unchanged.directory);
        QVERIFY(!unchanged.changed);
        QVERIFY(unchanged.directory->fromCache);
        QVERIFY(
            namesFound(*unchanged.directory->index, s("wellin")).contains(s("Kete Demo Health")));
        QCOMPARE(server.brands().fullReplies(), 1);
        QCOMPARE(server.brands().notModifiedReplies(), 1);

        // The vendor publishes a new directory: a new ETag, read and kept.
        server.brands().setBundle(vendorBundle());
        const Outcome updated = run(nextStart, [&] { QVERIFY(nextStart.refresh()); });
        QVERIFY(updated.directory);
        QVERIFY(updated.changed);
        QCOMPARE(namesFound(*updated.directory->index, s("stewart")),
                 QStringList{s("Island Clinic")});
        QCOMPARE(RemoteDirectory::savedSource()->validators.etag, server.brands().etag());
        // Each bad entry left out and counted, the rest kept.
        QCOMPARE(updated.directory->report.skippedOrganizations, 2); // Plain and Nowhere
        QCOMPARE(updated.directory->report.refusedEndpoints, 1);     // http://plain.example.org
        QCOMPARE(updated.directory->report.droppedLogos, 1);
    }

    void refreshesByContentHashWithoutEtag()
    {
        sandbox::SandboxOptions options;
        options.brandsEtag = false;
        sandbox::SandboxServer server(options);
        QVERIFY(server.start().ok());
        QNetworkAccessManager network;
        RemoteDirectory remote(&network);
        QVERIFY(run(remote, [&] { remote.import(server.brandsBundleUrl()); }).directory);
        QVERIFY(RemoteDirectory::savedSource()->validators.etag.isEmpty());
        QVERIFY(!RemoteDirectory::savedSource()->validators.contentHash.isEmpty());

        const Outcome same = run(remote, [&] { QVERIFY(remote.refresh()); });
        QVERIFY(same.directory);
        QVERIFY(!same.changed);
        QCOMPARE(server.brands().fullReplies(), 2);
        QCOMPARE(server.brands().notModifiedReplies(), 0);

        server.brands().setBundle(vendorBundle());
        const Outcome changed = run(remote, [&] { QVERIFY(remote.refresh()); });
        QVERIFY(changed.directory);
        QVERIFY(changed.changed);
        QCOMPARE(namesFound(*changed.directory->index, s("island")).size(), 1);
    }

    void aDownloadThatCannotBeReadKeepsTheDirectory()
    {
        sandbox::SandboxServer server({});
        QVERIFY(server.start().ok());
        server.brands().setBundle(vendorBundle());
        QNetworkAccessManager network;
        RemoteDirectory remote(&network);
        QVERIFY(run(remote, [&] { remote.import(server.brandsBundleUrl()); }).directory);
        const std::optional<RemoteSource> before = RemoteDirectory::savedSource();

        server.brands().setBundle("{\"resourceType\": \"Bundle\", \"entry\": [");
        const Outcome malformed = run(remote, [&] { QVERIFY(remote.refresh()); });
        QVERIFY(malformed.error);
        QCOMPARE(malformed.error->code, ErrorCode::FhirUnreadable);
        QVERIFY(malformed.error->message.contains(s("not valid JSON")));
        QCOMPARE(RemoteDirectory::savedSource()->validators.etag, before->validators.etag);
        const Result<LoadedDirectory> kept = loadRemoteDirectoryAsync().result();
        QVERIFY(kept.ok());
        QCOMPARE(namesFound(*kept->index, s("stewart")), QStringList{s("Island Clinic")});

        server.brands().setBundle("{\"resourceType\": \"Patient\"}");
        const Outcome notABundle = run(remote, [&] { QVERIFY(remote.refresh()); });
        QVERIFY(notABundle.error);
        QVERIFY(notABundle.error->detail.startsWith(s("brands.not-bundle")));
        QVERIFY(loadRemoteDirectoryAsync().result().ok());
    }

    void anInsecureAddressIsRefused()
    {
        QNetworkAccessManager network;
        RemoteDirectory remote(&network);
        const Outcome refused =
            run(remote, [&] { remote.import(QUrl(s("http://brands.example.org/bundle.json"))); });
        QVERIFY(refused.error);
        QCOMPARE(refused.error->code, ErrorCode::InsecureTransport);
        QVERIFY(!refused.error->message.isEmpty());
        QVERIFY(!RemoteDirectory::savedSource());
        QVERIFY(!QFile::exists(remoteDirectoryFile()));
    }

    void fileMenuImportsFromAnAddressAndRefreshes()
    {
        sandbox::SandboxServer server({});
        QVERIFY(server.start().ok());
        server.brands().setBundle(vendorBundle());
        QSettings settings(m_dir.filePath(s("kete.ini")), QSettings::IniFormat);
        ui::MainWindowOptions options;
        options.settings = &settings;
        options.keychainService = s("org.kete.Kete.tests.brandsurlimport");
        ui::MainWindow window(options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *import = window.findChild<QAction *>(s("importDirectoryFromAddressAction"));
        auto *refresh = window.findChild<QAction *>(s("refreshDirectoryAction"));
        QVERIFY(import && refresh);
        QVERIFY(import->isEnabled());
        QVERIFY(!refresh->isEnabled()); // nothing imported from an address yet

        // The address typed without a scheme would be https; the sandbox's is loopback http.
        ui::dialogs::setNextTextInput(server.brandsBundleUrl().toString());
        ui::dialogs::setNextAnswer(QMessageBox::Ok);
        import->trigger();
        ui::ProviderSearch *search = window.welcomePage()->providerSearch();
        QTest::keyClicks(search->searchBox(), s("stewart"));
        QTRY_COMPARE(search->results()->model()->rowCount(), 1);
        QCOMPARE(search->results()->model()->index(0, 0).data(Qt::AccessibleTextRole).toString(),
                 s("Island Clinic"));
        QTRY_VERIFY(refresh->isEnabled());
        // The note says what came and what was left out, and why.
        const QString summary = ui::dialogs::lastMessageText();
        QVERIFY2(summary.contains(s("can now be found by name")), qPrintable(summary));
        QVERIFY2(summary.contains(s("left out: no name, or no FHIR endpoint")),
                 qPrintable(summary));
        QVERIFY2(summary.contains(s("refused: not on a secure (https) connection")),
                 qPrintable(summary));
        QVERIFY2(summary.contains(s("not shown: not an image")), qPrintable(summary));

        // Refresh: unchanged on the server (304), said so.
        ui::dialogs::setNextAnswer(QMessageBox::Ok);
        refresh->trigger();
        QTRY_COMPARE(server.brands().notModifiedReplies(), 1);
        QTRY_VERIFY(ui::dialogs::lastMessageText().contains(s("has not changed")));

        // The server now sends something unreadable: a clear message, the directory kept.
        server.brands().setBundle("not json");
        ui::dialogs::setNextAnswer(QMessageBox::Ok);
        refresh->trigger();
        QTRY_VERIFY(ui::dialogs::lastMessageText().contains(s("not valid JSON")));
        QVERIFY(ui::dialogs::lastMessageText().contains(s("already find are kept")));
        QTRY_VERIFY(refresh->isEnabled());
        QCOMPARE(search->results()->model()->rowCount(), 1);

        // The Connect dialog (and the next start) find it from disk.
        ui::ConnectDialog dialog;
        QTest::keyClicks(dialog.providerSearch()->searchBox(), s("stewart"));
        QTRY_COMPARE(dialog.providerSearch()->results()->model()->rowCount(), 1);
    }
};

QTEST_MAIN(TestBrandsUrlImport)
#include "tst_brandsurlimport.moc"
