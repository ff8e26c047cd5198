#pragma once

// What every libFuzzer harness shares: a QCoreApplication (some Qt classes want one) and quiet
// logging (the sandbox logs each refused request; at a few thousand runs a second that is noise).
#include <QByteArray>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <cstddef>
#include <cstdint>

namespace kete::fuzz {

inline void initialize(int *argc, char ***argv)
{
    static QCoreApplication application(*argc, *argv);
    QLoggingCategory::setFilterRules(QStringLiteral("*=false"));
}

// The fuzzer's bytes as a QByteArray that owns a copy (parsers may keep views into it).
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// Two inputs in one: what comes before the first newline, and what comes after it.
inline std::pair<QByteArray, QByteArray> splitAtNewline(const QByteArray &input)
{
    const qsizetype newline = input.indexOf('\n');
    if (newline < 0)
        return {input, {}};
    return {input.left(newline), input.mid(newline + 1)};
}

} // namespace kete::fuzz

#define KETE_FUZZ_INITIALIZE                                                                       \
    extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)                                   \
    {                                                                                              \
        kete::fuzz::initialize(argc, argv);                                                        \
        return 0;                                                                                  \
    }
