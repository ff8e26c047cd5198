#pragma once

#include "smart/scopeset.h"

#include <QPointer>
#include <QWidget>
#include <memory>

namespace kete {
class ProviderStore;
namespace record {
class PatientRecord;
}
namespace smart {
class Session;
}
} // namespace kete

namespace kete::ui {

class ClinicianWorkspace;
class RecordView;

// What a signed-in connection shows: the patient's own record, or a clinician's desk with one
// tab per patient. Owns what it shows (records, views); the session is shared with the window.
//
//   SessionView view(session, audience, store, providerId);
//   connect(&view, &SessionView::recordOpened, ...);   // each record, before it loads
//   view.start();                                      // loads the record / the picked patient
class SessionView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionView)

public:
    // `store` may be null (the demo): then the desk remembers no recent patients.
    SessionView(std::shared_ptr<smart::Session> session, smart::ScopeAudience audience,
                ProviderStore *store, const QString &providerId, QWidget *parent = nullptr);
    ~SessionView() override;

    void start();

    // The record on screen (the clinician's current tab), or nullptr.
    record::PatientRecord *currentRecord() const;
    RecordView *currentRecordView() const;
    ClinicianWorkspace *workspace() const { return m_workspace; }
    // "Signed in for Amy Shaw" / "Signed in as Dr Rangi Parata".
    QString whoText() const;

Q_SIGNALS:
    void recordOpened(kete::record::PatientRecord *record);
    void currentRecordChanged();
    void whoChanged();

private:
    std::shared_ptr<smart::Session> m_session;
    std::unique_ptr<record::PatientRecord> m_record; // patients only
    QPointer<RecordView> m_recordView;
    QPointer<ClinicianWorkspace> m_workspace;
};

} // namespace kete::ui
