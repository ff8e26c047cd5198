#include "shell/mainwindow.h"
#include "shell/welcomepage.h"
#include "support/screenshot.h"

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kete::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QSettings m_settings{m_dir.filePath(QStringLiteral("kete.ini")), QSettings::IniFormat};

    MainWindowOptions options()
    {
        MainWindowOptions options;
        options.settings = &m_settings;
        options.keychainService = QStringLiteral("org.kete.Kete.tests.mainwindow");
        return options;
    }

private Q_SLOTS:
    void emptyStateOffersConnectAndDemo()
    {
        MainWindow window(options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *title = window.findChild<QLabel *>(QStringLiteral("welcomeTitle"));
        QVERIFY(title);
        QVERIFY(title->isVisible());

        auto *connectButton = window.findChild<QPushButton *>(QStringLiteral("connectButton"));
        auto *demoButton = window.findChild<QPushButton *>(QStringLiteral("demoButton"));
        QVERIFY(connectButton && connectButton->isVisible() && connectButton->isEnabled());
        QVERIFY(demoButton && demoButton->isVisible() && demoButton->isEnabled());
        QVERIFY(!connectButton->accessibleDescription().isEmpty());

        QSignalSpy demoSpy(window.welcomePage(), &WelcomePage::demoRequested);
        QSignalSpy connectSpy(window.welcomePage(), &WelcomePage::connectRequested);
        QTest::mouseClick(demoButton, Qt::LeftButton);
        QCOMPARE(demoSpy.count(), 1);
        QCOMPARE(connectSpy.count(), 0);

        kete::test::saveScreenshot(window, QStringLiteral("welcome.png"));
    }

    void windowTitleCarriesNoPatientData()
    {
        MainWindow window(options());
        QCOMPARE(window.windowTitle(), QStringLiteral("Kete"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
