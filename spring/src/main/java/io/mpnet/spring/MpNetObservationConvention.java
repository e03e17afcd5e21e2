package io.mpnet.spring;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@link io.micrometer.observation.Observation} of each mpnet call; give an
 * application's own to {@link MpNetObservations#observe} (or as a bean, with the starter) to change
 * them. {@link DefaultMpNetObservationConvention} is the default.
 */
public interface MpNetObservationConvention extends ObservationConvention<MpNetObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof MpNetObservationContext;
    }
}
