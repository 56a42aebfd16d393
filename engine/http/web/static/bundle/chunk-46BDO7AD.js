import{a as r,b as e}from"./chunk-GLZKGXQN.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{r as RadarModule,e as createRadarServices};
