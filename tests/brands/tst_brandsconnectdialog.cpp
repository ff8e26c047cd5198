#include "brands/brandsdirectory.h"
#include "brands/brandsfetcher.h"
#include "brands/importdirectory.h"
#include "brands/providersearch.h"
#include "dialogs/dialogs.h"
#include "sandbox/server/sandboxserver.h"
#include "signin/connectdialog.h"
#include "smart/smartconfiguration.h"

#include <QFile>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::ui;

Q_DECLARE_METATYPE(kete::brands::FetchedDirectory)
Q_DECLARE_METATYPE(kete::Error)

// "Find your provider" in the Connect dialog, with the directory the sandbox publishes (fetched
// over real HTTP as the app does): typing part of the demo provider's city finds it, and picking
// it fills the FHIR address and the name.
class TestBrandsConnectDialog : public QObject
{
    Q_OBJECT

private:
    static std::shared_ptr<const brands::BrandsIndex> sandboxDirectory(const QUrl &bundleUrl)
    {
        QNetworkAccessManager network;
        brands::BrandsFetcher fetcher(&network);
        QSignalSpy fetched(&fetcher, &brands::BrandsFetcher::fetched);
        fetcher.fetch(bundleUrl);
        if (!fetched.wait(20000))
            return {};
        const auto result = fetched.constFirst().constFirst().value<brands::FetchedDirectory>();
        const Result<brands::LoadedDirectory> loaded = brands::loadDirectory(result.bundle, {});
        return loaded ? loaded->index : nullptr;
    }

    static int rowNamed(QListView *view, const QString &name)
    {
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            if (view->model()->index(row, 0).data(Qt::AccessibleTextRole).toString() == name)
                return row;
        }
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<brands::FetchedDirectory>();
        qRegisterMetaType<Error>();
    }

    void typingTheCityFindsTheDemoProviderAndPickingItFillsTheAddress()
    {
        sandbox::SandboxServer server({});
        const Result<QUrl> base = server.start();
        QVERIFY(base.ok());
        const auto directory = sandboxDirectory(server.brandsBundleUrl());
        QVERIFY(directory);

        ConnectDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        ProviderSearch *search = dialog.providerSearch();
        // The shipped directory loads in the background; the server's own bundle is preferred.
        search->addDirectory(directory, true);
        QTRY_VERIFY(search->directoryCount() >= 2);

        auto *box = dialog.findChild<QLineEdit *>(QStringLiteral("providerSearch"));
        auto *results = dialog.findChild<QListView *>(QStringLiteral("providerResults"));
        QVERIFY(box && results);
        QTest::keyClicks(box, QStringLiteral("wellin"));
        QTRY_VERIFY(results->isVisible());
        const int row = rowNamed(results, QStringLiteral("Kete Demo Health"));
        QVERIFY(row >= 0);
        // Once: the sandbox's brand hides the shipped copy of the same brand.
        int copies = 0;
        for (int r = 0; r < results->model()->rowCount(); ++r)
            copies += results->model()->index(r, 0).data(Qt::AccessibleTextRole).toString() ==
                      QStringLiteral("Kete Demo Health");
        QCOMPARE(copies, 1);
        QVERIFY(results->model()->index(row, 0).data().toString().contains(
            QStringLiteral("Wellington · Kete Demo Portal")));

        const QRect rect = results->visualRect(results->model()->index(row, 0));
        QTest::mouseClick(results->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(dialog.fhirBaseUrl(), *base);
        QCOMPARE(dialog.displayName(), QStringLiteral("Kete Demo Health"));
        auto *connect = dialog.findChild<QPushButton *>(QStringLiteral("connectButton"));
        QVERIFY(connect && connect->isEnabled());
    }

    void nothingFoundSaysSoAndKeepsTheAddress()
    {
        ConnectDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTRY_VERIFY(dialog.providerSearch()->directoryCount() >= 1);
        auto *box = dialog.findChild<QLineEdit *>(QStringLiteral("providerSearch"));
        QTest::keyClicks(box, QStringLiteral("zzqx"));
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("providerSearchStatus"));
        QTRY_VERIFY(status && status->isVisible());
        QVERIFY(status->text().contains(QStringLiteral("zzqx")));
        QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("fhirAddress"))->isVisible());
    }

    void importedDirectoryIsSearchedNextTime()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("vendor.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":"
                  "\"2026-12-01T00:00:00Z\",\"entry\":[{\"resource\":{\"resourceType\":"
                  "\"Organization\",\"id\":\"i\",\"name\":\"Imported Island Clinic\","
                  "\"address\":[{\"city\":\"Stewart Island\"}],\"endpoint\":[{\"reference\":"
                  "\"Endpoint/e\"}]}},{\"resource\":{\"resourceType\":\"Endpoint\",\"id\":"
                  "\"e\",\"address\":\"https:\\/\\/fhir.island.example.org\\/r4\"}}]}");
        out.close();
        QFile::remove(brands::importedDirectoryFile());

        QWidget parent;
        dialogs::setNextOpenFileName(file);
        dialogs::setNextAnswer(QMessageBox::Ok); // the "imported" note
        importProviderDirectory(&parent);
        QTRY_VERIFY(QFile::exists(brands::importedDirectoryFile()));

        ConnectDialog dialog;
        QTRY_VERIFY(dialog.providerSearch()->directoryCount() >= 2);
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("providerSearch")),
                         QStringLiteral("stewart"));
        auto *results = dialog.findChild<QListView *>(QStringLiteral("providerResults"));
        QTRY_COMPARE(results->model()->rowCount(), 1);
        QCOMPARE(rowNamed(results, QStringLiteral("Imported Island Clinic")), 0);

        // A file that is not a directory leaves the imported one as it was.
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile badFile(bad);
        QVERIFY(badFile.open(QIODevice::WriteOnly));
        badFile.write("not json");
        badFile.close();
        const QByteArray before = [] {
            QFile f(brands::importedDirectoryFile());
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        auto *watcherParent = new QWidget;
        dialogs::setNextOpenFileName(bad);
        dialogs::setNextAnswer(QMessageBox::Ok); // the warning
        importProviderDirectory(watcherParent);
        // The import is over when its watcher is gone.
        QTRY_VERIFY(watcherParent->findChildren<QFutureWatcherBase *>().isEmpty());
        QFile after(brands::importedDirectoryFile());
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), before);
        delete watcherParent;
        QFile::remove(brands::importedDirectoryFile());
    }
};

QTEST_MAIN(TestBrandsConnectDialog)
#include "tst_brandsconnectdialog.moc"
