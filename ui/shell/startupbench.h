#pragma once

#include <QObject>
#include <QTimer>
#include <optional>

class QWidget;

namespace kete::connection {
class Connection;
}

namespace kete::ui {

class MainWindow;

// kete --startup-bench: what a start makes the user wait for, from the process's start (the
// kernel's, before the dynamic loader):
//   process start -> welcome window shown ms N      its first expose
//   process start -> reopened record shown ms N     only when the provider used last keeps a
//                                                   copy of its record on this computer: the
//                                                   first paint of the record's page with the
//                                                   kept record's rows in it, finished
// then quits: exit code 0, or 1 when the kept record has not shown within the timeout.
class StartupBench final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StartupBench)

public:
    explicit StartupBench(MainWindow *window, int timeoutMs = 60000);
    // Shows the window and reopens the provider used last, as every start does.
    void start();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Notes when the kept copy of one of the connection's records has been read into it.
    void watchKeptCopies(connection::Connection *connection);
    // A list or table of the record on screen, showing rows of the kept copy.
    bool showsKeptRows(const QObject *watched) const;
    void finishIfDone();
    // No sign-in or restore under way.
    bool isSettled() const;
    void giveUp();

    MainWindow *m_window;
    QTimer m_timeout;
    std::optional<double> m_welcomeShownMs;
    std::optional<bool> m_expectRecord; // unknown until the kept copy has been looked for
    std::optional<double> m_recordShownMs;
    bool m_keptCopyOpened = false;
    bool m_painting = false;
    bool m_finished = false;
};

} // namespace kete::ui
