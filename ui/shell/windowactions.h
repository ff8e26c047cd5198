#pragma once

#include "record/recordview.h"

#include <QList>
#include <QString>
#include <QUrl>

class QAction;
class QLabel;
class QMainWindow;
class QToolBar;

namespace kete::ui {

// The window's menus and its connection bar, laid out as a Qt Designer form would be: the
// actions and widgets only; the window connects them to what they do.
struct WindowActions
{
    explicit WindowActions(QMainWindow *window);

    // What the window is showing, for what may be done next.
    struct State
    {
        bool connected = false;
        bool canSignInAgain = false; // after a sign-in that ended, failed or was refused
        bool recordShown = false;
        bool patientRecordShown = false; // a patient's own record: providers may be added
        bool providerSaved = false;
        bool patientSignInSaved = false; // may keep a copy of the record (never demo, clinician)
        bool keepingCopy = false;
        QString providerName;
        QString who; // whose record, or "Clinician" in the workspace
        // The provider's management_endpoint, where the user sees and revokes the apps they
        // allowed; the action shows only when it is https (or on this computer).
        QUrl manageAccessUrl;
        bool directoryFromAddress = false; // a provider directory was imported from an address
        bool directoryBusy = false;        // one is being downloaded or read
    };
    void update(const State &state);

    QAction *connectToProvider;
    QAction *addProvider; // one more provider into the patient's record on screen
    QAction *importDirectory;
    QAction *importDirectoryFromAddress;
    QAction *refreshDirectory;
    QAction *demo;
    QAction *clinicianDemo;
    QAction *exportTable;
    QAction *saveSummaryPdf;
    QAction *signInAgain;
    QAction *signOut;
    QAction *forget;
    QAction *manageAccess; // Manage Kete's access at <provider>
    QAction *keepCopy;     // checkable
    QAction *quit;
    QList<std::pair<QAction *, RecordView::Section>> sections; // View -> Summary, Labs, ...
    QAction *reload;
    QAction *compact; // View -> Compact rows (checkable)
    QAction *connectionDetails;
    QAction *about;
    QAction *aboutQt;
    // Enabled only while a record is on screen.
    QList<QAction *> recordActions;

    // Who is signed in where, with Reload and Sign out; shown while connected.
    QToolBar *connectionBar;
    QLabel *connectionLabel;
};

} // namespace kete::ui
