#include "shell/mainwindow.h"

#include "common/version.h"
#include "shell/welcomepage.h"

#include <QApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>

namespace kete::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_pages(new QStackedWidget(this))
    , m_welcome(new WelcomePage(m_pages))
{
    setWindowTitle(tr("Kete"));
    m_pages->addWidget(m_welcome);
    setCentralWidget(m_pages);
    createMenus();
    statusBar()->showMessage(tr("Not connected"));
    resize(1100, 720);
}

void MainWindow::createMenus()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Kete"), this, &MainWindow::showAbout);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Kete"),
        tr("<h3>Kete %1</h3>"
           "<p>Your lab results and conditions from your health provider, through SMART on "
           "FHIR.</p>"
           "<p>Kete signs in with your provider's own sign-in page and keeps your sign-in in "
           "your system's keychain. Your health data stays on this computer.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(versionString(), QString::fromLatin1(qVersion())));
}

} // namespace kete::ui
