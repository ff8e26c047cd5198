#include "brands/brandsdirectory.h"
#include "brands/brandsfetcher.h"
#include "brands/providersearch.h"
#include "journey.h"
#include "record/patientrecord.h"
#include "sandboxdirectory.h"
#include "shell/welcomepage.h"
#include "shell/windowactions.h"
#include "signin/signinbrowser.h"

#include <QAction>
#include <QDesktopServices>
#include <QLineEdit>
#include <QListView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace kete;
using namespace journey;

Q_DECLARE_METATYPE(kete::brands::FetchedDirectory)

// Stands in for the system browser: QDesktopServices hands it the URLs Kete opens.
class BrowserStandIn : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> opened;

public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

// SMART's management_endpoint: after signing in to a provider whose smart-configuration names
// one (the sandbox's), the File menu offers "Manage Kete's access at <provider>", which opens
// that page in the system browser; an address that is not https (nor this computer) is never
// offered.
class TestBrandsManageAccess : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    BrowserStandIn m_browser;

    static QByteArray get(const QUrl &url)
    {
        QNetworkAccessManager network;
        QNetworkReply *reply = network.get(QNetworkRequest(url));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(10000);
        reply->deleteLater();
        return reply->readAll();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<brands::FetchedDirectory>();
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("kete.ini")),
                                                 QSettings::IniFormat);
        QDesktopServices::setUrlHandler(QStringLiteral("http"), &m_browser, "open");
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &m_browser, "open");
    }

    void cleanupTestCase()
    {
        QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    }

    void offeredOnlyForASecureAddress()
    {
        QMainWindow window;
        ui::WindowActions actions(&window);
        ui::WindowActions::State state;
        state.connected = true;
        state.providerName = QStringLiteral("Harbour Health");
        state.manageAccessUrl = QUrl(QStringLiteral("https://portal.harbour.example.org/apps"));
        actions.update(state);
        QVERIFY(actions.manageAccess->isVisible() && actions.manageAccess->isEnabled());
        QCOMPARE(actions.manageAccess->text(),
                 QStringLiteral("Manage Kete's access at Harbour Health"));

        state.manageAccessUrl = QUrl(QStringLiteral("http://portal.harbour.example.org/apps"));
        actions.update(state);
        QVERIFY(!actions.manageAccess->isVisible());

        state.manageAccessUrl = QUrl(QStringLiteral("https://portal.harbour.example.org/apps"));
        state.connected = false;
        actions.update(state);
        QVERIFY(!actions.manageAccess->isVisible());

        state.connected = true;
        state.manageAccessUrl = QUrl();
        actions.update(state);
        QVERIFY(!actions.manageAccess->isVisible());
    }

    void signedInTheProvidersMenuOpensItsManagementPage()
    {
        const auto host = startSandbox();
        QVERIFY(host);
        const auto directory = sandboxDirectory(host->fhirBaseUrl());
        QVERIFY(directory);

        ui::MainWindow window(
            windowOptions(m_settings.get(), QStringLiteral("org.kete.Kete.tests.manageaccess")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *manage = window.findChild<QAction *>(QStringLiteral("manageAccessAction"));
        QVERIFY(manage);
        QVERIFY(!manage->isVisible()); // not signed in anywhere yet

        ui::ProviderSearch *search = window.welcomePage()->providerSearch();
        search->addDirectory(directory, true);
        QTest::keyClicks(search->searchBox(), QStringLiteral("kete demo"));
        QListView *results = search->results();
        QTRY_VERIFY(results->isVisible() && results->model()->rowCount() > 0);
        QCOMPARE(results->model()->index(0, 0).data(Qt::AccessibleTextRole).toString(),
                 QStringLiteral("Kete Demo Health"));
        QTest::keyClick(search->searchBox(), Qt::Key_Return);

        QTRY_VERIFY_WITH_TIMEOUT(window.signIn()->browser(), kLoadTimeout);
        QVERIFY(signInAndApprove(window.signIn()->browser()->view(), QStringLiteral("amy")));
        QTRY_VERIFY_WITH_TIMEOUT(window.patientRecord() && window.patientRecord()->outcome(),
                                 kLoadTimeout);

        QUrl managementPage = host->fhirBaseUrl();
        managementPage.setPath(QStringLiteral("/auth/manage"));
        QTRY_VERIFY(manage->isVisible());
        QVERIFY(manage->isEnabled());
        QCOMPARE(manage->text(), QStringLiteral("Manage Kete's access at Kete Demo Health"));
        QMenu *fileMenu = window.menuBar()->actions().constFirst()->menu();
        QVERIFY(fileMenu && fileMenu->actions().contains(manage));
        fileMenu->popup(window.mapToGlobal(QPoint(0, 0)));
        QVERIFY(QTest::qWaitForWindowExposed(fileMenu));
        saveScreenshot(fileMenu, QStringLiteral("brands-manage-access-menu.png"));
        fileMenu->hide();

        manage->trigger();
        QTRY_COMPARE(m_browser.opened.size(), 1);
        QCOMPARE(m_browser.opened.constFirst(), managementPage);
        // The sandbox answers there, as an EHR's app-management page would.
        QVERIFY(get(managementPage).contains("Apps with access to your record"));
    }
};

QTEST_MAIN(TestBrandsManageAccess)
#include "tst_brandsmanageaccess.moc"
