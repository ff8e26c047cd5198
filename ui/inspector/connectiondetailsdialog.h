#pragma once

#include <QDialog>
#include <QPointer>
#include <QTimer>

class QTextBrowser;
class QPushButton;

namespace kete::inspector {
class ConnectionLog;
}

namespace kete::ui {

// Help → Connection details: the SMART handshake with the current provider step by step, and
// the FHIR requests since, updated while they happen. "Copy report" puts the text version (no
// secret in it) on the clipboard for a support ticket. Non-modal.
class ConnectionDetailsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionDetailsDialog)

public:
    explicit ConnectionDetailsDialog(inspector::ConnectionLog *log, QWidget *parent = nullptr);

    QTextBrowser *view() const { return m_view; }
    QPushButton *copyButton() const { return m_copy; }

public Q_SLOTS:
    void copyReport();

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QPointer<inspector::ConnectionLog> m_log;
    QTextBrowser *m_view;
    QPushButton *m_copy;
    QTimer m_renderSoon;
};

} // namespace kete::ui
