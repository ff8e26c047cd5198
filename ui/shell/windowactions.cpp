#include "shell/windowactions.h"

#include "common/transportpolicy.h"

#include <QAction>
#include <QCoreApplication>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QSignalBlocker>
#include <QToolBar>

namespace kete::ui {

WindowActions::WindowActions(QMainWindow *window)
{
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("kete::ui::WindowActions", text);
    };
    auto *fileMenu = window->menuBar()->addMenu(tr("&File"));
    connectToProvider = fileMenu->addAction(tr("&Connect to a provider…"));
    connectToProvider->setShortcut(QKeySequence::Open);
    addProvider = fileMenu->addAction(tr("&Add a provider to this record…"));
    addProvider->setObjectName(QStringLiteral("addProviderAction"));
    importDirectory = fileMenu->addAction(tr("Import provider &directory…"));
    importDirectoryFromAddress =
        fileMenu->addAction(tr("Import provider directory from an &address…"));
    importDirectoryFromAddress->setObjectName(QStringLiteral("importDirectoryFromAddressAction"));
    refreshDirectory = fileMenu->addAction(tr("&Refresh provider directory"));
    refreshDirectory->setObjectName(QStringLiteral("refreshDirectoryAction"));
    demo = fileMenu->addAction(tr("Try the &demo"));
    clinicianDemo = fileMenu->addAction(tr("Try the demo as a c&linician"));
    fileMenu->addSeparator();
    exportTable = fileMenu->addAction(tr("&Export lab table…"));
    saveSummaryPdf = fileMenu->addAction(tr("Save lab summary as &PDF…"));
    fileMenu->addSeparator();
    signInAgain = fileMenu->addAction(tr("Sign &in again"));
    signInAgain->setObjectName(QStringLiteral("signInAgainAction"));
    signOut = fileMenu->addAction(tr("&Sign out"));
    forget = fileMenu->addAction(tr("&Forget this provider"));
    manageAccess = fileMenu->addAction(tr("Manage Kete's access…"));
    manageAccess->setObjectName(QStringLiteral("manageAccessAction"));
    manageAccess->setVisible(false);
    keepCopy = fileMenu->addAction(tr("&Keep a copy of my record on this computer"));
    keepCopy->setObjectName(QStringLiteral("keepCopyAction"));
    keepCopy->setCheckable(true);
    fileMenu->addSeparator();
    quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);

    auto *viewMenu = window->menuBar()->addMenu(tr("&View"));
    const QList<std::tuple<QString, RecordView::Section, QString>> sectionNames{
        {tr("&Summary"), RecordView::SummarySection, QStringLiteral("viewSummaryAction")},
        {tr("&Lab results"), RecordView::LabsSection, QStringLiteral("viewLabsAction")},
        {tr("&Conditions"), RecordView::ConditionsSection, QStringLiteral("viewConditionsAction")},
        {tr("&Flowsheet"), RecordView::FlowsheetSection, QStringLiteral("viewFlowsheetAction")}};
    for (const auto &[text, section, name] : sectionNames) {
        QAction *action = viewMenu->addAction(text);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + int(sections.size()))));
        action->setObjectName(name);
        sections.append({action, section});
        recordActions.append(action);
    }
    viewMenu->addSeparator();
    compact = viewMenu->addAction(tr("Compac&t rows"));
    compact->setObjectName(QStringLiteral("compactRowsAction"));
    compact->setCheckable(true);
    compact->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    reload = viewMenu->addAction(tr("&Reload"));
    reload->setShortcut(QKeySequence::Refresh);
    recordActions << exportTable << saveSummaryPdf << reload;
    for (QAction *action : std::as_const(recordActions))
        action->setEnabled(false);

    auto *helpMenu = window->menuBar()->addMenu(tr("&Help"));
    connectionDetails = helpMenu->addAction(tr("Connection &details…"));
    about = helpMenu->addAction(tr("&About Kete"));
    aboutQt = helpMenu->addAction(tr("About &Qt"));

    connectionBar = new QToolBar(tr("Connection"), window);
    connectionBar->setObjectName(QStringLiteral("connectionBar"));
    connectionBar->setMovable(false);
    connectionBar->setFloatable(false);
    connectionBar->toggleViewAction()->setEnabled(false);
    connectionLabel = new QLabel(connectionBar);
    connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    connectionLabel->setContentsMargins(8, 0, 8, 0);
    auto *spacer = new QWidget(connectionBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    connectionBar->addWidget(connectionLabel);
    connectionBar->addWidget(spacer);
    connectionBar->addAction(reload);
    connectionBar->addAction(signOut);
    window->addToolBar(Qt::TopToolBarArea, connectionBar);
}

void WindowActions::update(const State &state)
{
    signOut->setEnabled(state.connected);
    addProvider->setEnabled(state.patientRecordShown);
    signInAgain->setEnabled(state.canSignInAgain);
    for (QAction *action : std::as_const(recordActions))
        action->setEnabled(state.recordShown);
    forget->setEnabled(state.providerSaved);
    const bool mayManage = state.connected && state.manageAccessUrl.isValid() &&
                           !checkTransport(state.manageAccessUrl);
    manageAccess->setVisible(mayManage);
    manageAccess->setEnabled(mayManage);
    if (mayManage)
        manageAccess->setText(
            QCoreApplication::translate("kete::ui::MainWindow", "Manage Kete's access at %1")
                .arg(state.providerName));
    importDirectoryFromAddress->setEnabled(!state.directoryBusy);
    refreshDirectory->setEnabled(state.directoryFromAddress && !state.directoryBusy);
    keepCopy->setEnabled(state.patientSignInSaved);
    const QSignalBlocker quiet(keepCopy); // showing the setting is not changing it
    keepCopy->setChecked(state.patientSignInSaved && state.keepingCopy);
    connectionBar->setVisible(state.connected);
    if (state.connected)
        connectionLabel->setText(
            QStringLiteral("<b>%1</b> · %2")
                .arg(state.providerName.toHtmlEscaped(), state.who.toHtmlEscaped()));
}

} // namespace kete::ui
