#include "shell/startupbench.h"

#include "common/processclock.h"
#include "conditions/conditionsview.h"
#include "connection/connection.h"
#include "connection/connectionmanager.h"
#include "labs/flowsheetview.h"
#include "labs/labsview.h"
#include "models/labtestsmodel.h"
#include "offline/offlinecopy.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "record/shownrecord.h"
#include "record/summaryview.h"
#include "shell/mainwindow.h"
#include "storage/providerstore.h"

#include <QAbstractItemView>
#include <QCoreApplication>
#include <QEvent>
#include <QPointer>
#include <QWindow>
#include <algorithm>
#include <cstdio>
#include <iterator>

namespace kete::ui {

namespace {
constexpr int kSettlePollMs = 20;
constexpr int kSettleMaxMs = 15000;
} // namespace

StartupBench::StartupBench(MainWindow *window, int timeoutMs)
    : m_window(window)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, &StartupBench::giveUp);
}

void StartupBench::start()
{
    m_window->winId(); // the native window, so that its first expose is seen
    m_window->windowHandle()->installEventFilter(this);
    qApp->installEventFilter(this); // every widget's paint
    m_timeout.start();
    connect(m_window->connections(), &connection::ConnectionManager::opened, this,
            &StartupBench::watchKeptCopies);
    m_window->show();
    m_window->reopenLastProvider();
    const QString last = m_window->providers()->lastUsedProviderId();
    if (last.isEmpty()) {
        m_expectRecord = false;
        return;
    }
    m_window->connections()->findKeptCopy(last, [self = QPointer(this)](bool kept) {
        if (!self)
            return;
        self->m_expectRecord = kept;
        self->finishIfDone();
    });
}

bool StartupBench::eventFilter(QObject *watched, QEvent *event)
{
    if (m_finished)
        return QObject::eventFilter(watched, event);
    if (event->type() == QEvent::Expose && watched == m_window->windowHandle() &&
        !m_welcomeShownMs) {
        m_welcomeShownMs = msSinceProcessStart();
        finishIfDone();
    } else if (event->type() == QEvent::Paint && !m_painting && !m_recordShownMs &&
               showsKeptRows(watched)) {
        // Delivered here, inside the filter, so that the time is taken once the rows are drawn.
        m_painting = true;
        QCoreApplication::sendEvent(watched, event);
        m_painting = false;
        m_recordShownMs = msSinceProcessStart();
        finishIfDone();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

void StartupBench::watchKeptCopies(connection::Connection *connection)
{
    // Its records may be open already (the window watches the connection first).
    const auto watch = [this, connection](const record::PatientRecord *record) {
        const offline::OfflineCopy *copy = connection->keptCopy(record);
        if (!copy)
            return;
        if (copy->wasOpened())
            m_keptCopyOpened = true;
        connect(copy, &offline::OfflineCopy::opened, this, [this] { m_keptCopyOpened = true; });
    };
    for (const record::PatientRecord *record : connection->records())
        watch(record);
    connect(connection, &connection::Connection::recordOpened, this, watch);
}

bool StartupBench::showsKeptRows(const QObject *watched) const
{
    // Whether or not the changes fetched since have arrived by then: the kept copy is in the
    // record, and a list of it is drawn.
    const RecordView *recordView = m_window->recordView();
    const record::ShownRecord *record = m_window->shownRecord();
    if (!m_keptCopyOpened || !recordView || !record || record->labTests()->rowCount() == 0)
        return false;
    const auto *view = qobject_cast<const QAbstractItemView *>(watched->parent());
    if (!view || view->viewport() != watched || !view->model() || view->model()->rowCount() == 0 ||
        !view->isVisible())
        return false;
    // A list of the record's own page, not the list of its sections beside it.
    const QWidget *pages[] = {recordView->summary(), recordView->labs(), recordView->conditions(),
                              recordView->flowsheet()};
    return std::any_of(std::begin(pages), std::end(pages),
                       [view](const QWidget *page) { return page->isAncestorOf(view); });
}

void StartupBench::finishIfDone()
{
    if (m_finished || !m_welcomeShownMs || !m_expectRecord.has_value() ||
        (*m_expectRecord && !m_recordShownMs))
        return;
    m_finished = true;
    fprintf(stdout, "process start -> welcome window shown ms %.1f (goal <= 400)\n",
            *m_welcomeShownMs);
    if (m_recordShownMs)
        fprintf(stdout, "process start -> reopened record shown ms %.1f (goal <= 1000)\n",
                *m_recordShownMs);
    fflush(stdout);
    // The sign-in restored in the background is let finish, so that the refresh token the
    // provider rotated is on its way to the keychain (main waits for the keychain's jobs): the
    // next start would find a used one.
    auto *settled = new QTimer(this);
    connect(settled, &QTimer::timeout, this, [this, waited = 0]() mutable {
        waited += kSettlePollMs;
        if (isSettled() || waited >= kSettleMaxMs)
            QCoreApplication::exit(0);
    });
    settled->start(kSettlePollMs);
}

bool StartupBench::isSettled() const
{
    return !m_window->connections()->isBusy();
}

void StartupBench::giveUp()
{
    if (m_finished)
        return;
    m_finished = true;
    fprintf(stderr, "startup bench: %s within %d s\n",
            !m_welcomeShownMs   ? "the window did not show"
            : !m_keptCopyOpened ? "the kept copy did not open"
                                : "the kept record did not show",
            m_timeout.interval() / 1000);
    QCoreApplication::exit(1);
}

} // namespace kete::ui
