#pragma once

#include <QThread>
#include <QtConcurrent/QtConcurrentMap>
#include <algorithm>
#include <utility>
#include <vector>

namespace kete::offline {

// Runs work(begin, end) over [0, count) cut into contiguous parts, one per core (the calling
// thread runs one), and returns what each part returned, in order. Fewer parts are made when a
// part would get under `minimumPerPart` items: then a thread costs more than it saves.
template<typename Work> auto inParts(qsizetype count, qsizetype minimumPerPart, const Work &work)
{
    using PartResult = decltype(work(qsizetype(0), qsizetype(0)));
    const qsizetype parts = std::clamp<qsizetype>(count / std::max<qsizetype>(minimumPerPart, 1), 1,
                                                  std::max(QThread::idealThreadCount(), 1));
    std::vector<std::pair<qsizetype, qsizetype>> ranges;
    for (qsizetype part = 0; part < parts; ++part)
        ranges.emplace_back(count * part / parts, count * (part + 1) / parts);
    return QtConcurrent::blockingMapped<std::vector<PartResult>>(
        ranges, [&work](const std::pair<qsizetype, qsizetype> &range) {
            return work(range.first, range.second);
        });
}

} // namespace kete::offline
